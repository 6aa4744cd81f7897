/**
 * `MaxPool` (./MaxPool) against the cpu backend, bit for bit: the SIMD 2×2/2 route over NaN, −∞
 * and ties, and the stock kernel for every other window, stride and padding.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { outSide } from '../testing/conv-cases';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm, valueBits } from '../testing/threaded-wasm';
import { type Sign, values, valuesOn } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;
/** Values drawn from a small set with repeats, so that ties, NaN windows and −∞ windows are common. */
const SPECIAL = [Number.NaN, Number.NEGATIVE_INFINITY, -1, -0, 0, 1, 2];

const anyCase = fc.record({
  batch: fc.integer({ min: 1, max: 2 }),
  height: fc.integer({ min: 1, max: 9 }),
  width: fc.integer({ min: 1, max: 9 }),
  channels: fc.integer({ min: 1, max: 9 }),
  filter: fc.integer({ min: 1, max: 3 }),
  stride: fc.integer({ min: 1, max: 3 }),
  pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
  sign: fc.constantFrom<Sign>('mixed', 'negative', 'ties'),
  seed: fc.nat(1_000_000),
});
/** The SIMD route's shapes: even sides, channels in fours, over special values. */
const bookCase = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  halfHeight: fc.integer({ min: 1, max: 7 }),
  halfWidth: fc.integer({ min: 1, max: 7 }),
  channelGroups: fc.integer({ min: 1, max: 4 }),
  seed: fc.nat(1_000_000),
});

function bookInput(c: typeof bookCase extends fc.Arbitrary<infer T> ? T : never) {
  const shape = [c.batch, 2 * c.halfHeight, 2 * c.halfWidth, 4 * c.channelGroups];
  const picks = values(
    shape.reduce((p, q) => p * q),
    c.seed,
    'mixed',
  );
  return { shape, data: Float32Array.from(picks, (v) => SPECIAL[Math.abs(Math.floor(v * 1000)) % SPECIAL.length]!) };
}

const bookPool = (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'same');

onThreadedWasm();

describe('MaxPool on wasm', () => {
  it('should pool as the cpu backend does for any window, stride and padding', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        fc.pre(outSide(c.height, c.filter, c.stride, 0, 0, c.pad) >= 1);
        fc.pre(outSide(c.width, c.filter, c.stride, 0, 0, c.pad) >= 1);
        const shape = [c.batch, c.height, c.width, c.channels];
        const input = [
          {
            shape,
            data: values(
              shape.reduce((p, q) => p * q),
              c.seed,
              c.sign,
            ),
          },
        ];
        const pool = (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, c.filter, c.stride, c.pad);
        expectSameBits(valueBits(await valuesOn('wasm', pool, input)), valueBits(await valuesOn('cpu', pool, input)));
      }),
      { numRuns: RUNS },
    );
  });

  it('should pool 2×2 windows in WebAssembly SIMD to the cpu backend’s bits, NaN and −∞ included', async () => {
    await fc.assert(
      fc.asyncProperty(bookCase, async (c) => {
        const input = [bookInput(c)];
        expectSameBits(
          valueBits(await valuesOn('wasm', bookPool, input)),
          valueBits(await valuesOn('cpu', bookPool, input)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(bookCase, async (c) => {
        const { shape, data } = bookInput(c);
        const x = tf.tensor(data, shape);
        const [threaded, alone] = onThreadsAndAlone(() => bookPool(x));
        x.dispose();
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });
});
