/**
 * The element-wise kernels (../kernels/Add, Sub, Multiply, RealDiv, Relu, Step through
 * ./elementwise) against the cpu backend, bit for bit: small and large tensors, every broadcast
 * pattern, and NaN, ±∞ and ±0 among the values.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm, valueBits } from '../testing/threaded-wasm';
import { compare, valuesOn, values, weightedSum } from '../testing/wasm-vs-cpu';
import { SMALL_ELEMENTWISE } from './elementwise';

/** Each property draws fresh shapes; 25 runs per kernel keep the file to a few seconds. */
const RUNS = 25;
/** Values that IEEE arithmetic treats specially, sprinkled among the normal ones. */
const SPECIAL = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1e-40];

const KERNELS = [
  { name: 'Add', f: (a: tf.Tensor, b: tf.Tensor) => tf.add(a, b) },
  { name: 'Sub', f: (a: tf.Tensor, b: tf.Tensor) => tf.sub(a, b) },
  { name: 'Multiply', f: (a: tf.Tensor, b: tf.Tensor) => tf.mul(a, b) },
  { name: 'RealDiv', f: (a: tf.Tensor, b: tf.Tensor) => tf.div(a, b) },
  { name: 'Relu', f: (a: tf.Tensor) => tf.relu(a) },
  { name: 'Step', f: (a: tf.Tensor) => tf.step(a) },
];

type Pattern = 'same' | 'bias' | 'scalar' | 'scalarFirst' | 'column' | 'any';

/** Shapes of a and b: `rows` × `columns` (× 2 for a rank-3 a), broadcast as the pattern says. */
function shapesOf(pattern: Pattern, rows: number, columns: number, pick: boolean[]): [number[], number[]] {
  const a = [rows, 2, columns];
  if (pattern === 'same') return [a, a];
  if (pattern === 'bias') return [a, [columns]];
  if (pattern === 'scalar') return [a, []];
  if (pattern === 'scalarFirst') return [[], a];
  if (pattern === 'column') return [[rows, 2, 1], a];
  return [a, a.map((d, i) => (pick[i] ? d : 1))];
}

const caseArb = fc.record({
  pattern: fc.constantFrom<Pattern>('same', 'bias', 'scalar', 'scalarFirst', 'column', 'any'),
  // Small (the JavaScript loop) or past SMALL_ELEMENTWISE (the pool): 2·rows·columns values.
  rows: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: SMALL_ELEMENTWISE / 64, max: 200 })),
  columns: fc.oneof(
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 1, max: 16 }).map((q) => 4 * q),
  ),
  pick: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  specials: fc.boolean(),
  seed: fc.nat(1_000_000),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function inputsOf(c: Case) {
  const shapes = shapesOf(c.pattern, c.rows, c.columns, c.pick);
  return shapes.map((shape, i) => {
    const data = values(
      shape.reduce((p, q) => p * q, 1),
      c.seed + i,
      'mixed',
    );
    if (c.specials) for (let j = i; j < data.length; j += 7) data[j] = SPECIAL[(j + c.seed) % SPECIAL.length]!;
    return { shape, data };
  });
}

onThreadedWasm();

describe.each(KERNELS)('$name on wasm', ({ f }) => {
  it('should give the cpu backend’s bits for small and large tensors and every broadcast', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const inputs = inputsOf(c);
        expectSameBits(valueBits(await valuesOn('wasm', f, inputs)), valueBits(await valuesOn('cpu', f, inputs)));
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const [a, b] = inputsOf(c).map(({ shape, data }) => tf.tensor(data, shape));
        const [threaded, alone] = onThreadsAndAlone(() => f(a!, b!));
        tf.dispose([a!, b!]);
        expectSameBits(threaded, alone);
      }),
      { numRuns: 10 },
    );
  });
});

describe('element-wise kernels on tensors large enough for the pool’s threads', () => {
  it('should add and multiply to float32 arithmetic’s bits, and the same bits on threads as alone', async () => {
    // 4M values: the cpu backend's broadcast takes minutes there, so the reference is plain float32 arithmetic.
    // The rows repeat one seeded block (drawing 4M values takes seconds); each is still its own sum.
    const [rows, columns, block] = [1024, 4096, 65536];
    const [x, bias, seeded] = [
      new Float32Array(rows * columns),
      values(columns, 2, 'mixed'),
      values(block, 1, 'mixed'),
    ];
    for (let at = 0; at < x.length; at += block) x.set(seeded, at);
    const [sum, square] = [new Float32Array(x.length), new Float32Array(x.length)];
    for (let i = 0; i < x.length; i++) {
      sum[i] = x[i]! + bias[i % columns]!;
      square[i] = x[i]! * x[i]!;
    }
    const f = (a: tf.Tensor, b: tf.Tensor) => [tf.add(a, b), tf.mul(a, a)];
    const inputs = [
      { shape: [rows, columns], data: x },
      { shape: [columns], data: bias },
    ];
    expectSameBits(valueBits(await valuesOn('wasm', f, inputs)), valueBits([sum, square]));
    await tf.setBackend('wasm');
    const [a, b] = inputs.map(({ shape, data }) => tf.tensor(data, shape));
    const [threaded, alone] = onThreadsAndAlone(() => f(a!, b!));
    tf.dispose([a!, b!]);
    expectSameBits(threaded, alone);
  });
});

describe('a bias and relu layer on wasm', () => {
  it('should have the cpu backend’s gradients', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const inputs = inputsOf({ ...c, pattern: 'bias', specials: false });
        await compare((x, bias) => weightedSum(tf.relu(tf.add(x, bias))), inputs);
      }),
      { numRuns: 10 },
    );
  });
});
