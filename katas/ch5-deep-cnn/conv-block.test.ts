import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { convReluPool } from './conv-block';

/** Batches of 1–3: a batch above 1 shows any mixing of examples. */
const BATCH = fc.integer({ min: 1, max: 3 });
/** Sides 1–9, odd and even: SAME pooling of an odd side rounds up. */
const SIDE = fc.integer({ min: 1, max: 9 });
/** Up to 4 channels in and 4 filters out: the second block's 32 → 64, shrunk to what plain JS checks quickly. */
const CHANNELS = fc.integer({ min: 1, max: 4 });
const FILTERS = fc.integer({ min: 1, max: 4 });
/** Odd filter sides, centred by SAME padding; 5 is the book's. */
const KERNEL = fc.constantFrom(1, 3, 5);
/** Small integers keep every sum exact in float32 (≤ 100 terms of ≤ 64, plus a bias). */
const ENTRY = fc.integer({ min: -8, max: 8 });

interface Dims {
  n: number;
  h: number;
  w: number;
  c: number;
  f: number;
  k: number;
}

const ints = (length: number) => fc.array(ENTRY, { minLength: length, maxLength: length });
const CASE = fc.record({ n: BATCH, h: SIDE, w: SIDE, c: CHANNELS, f: FILTERS, k: KERNEL }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    x: ints(d.n * d.h * d.w * d.c),
    filter: ints(d.k * d.k * d.c * d.f),
    bias: ints(d.f),
  }),
);

function tensors({ d, x, filter, bias }: { d: Dims; x: number[]; filter: number[]; bias: number[] }) {
  return [tf.tensor4d(x, [d.n, d.h, d.w, d.c]), tf.tensor4d(filter, [d.k, d.k, d.c, d.f]), tf.tensor1d(bias)] as const;
}

/**
 * Plain JS, NHWC: relu(conv(x, filter) + bias) with stride 1 and SAME padding, then 2×2 max pooling
 * (stride 2, SAME).
 */
function blockReference(x: number[], filter: number[], bias: number[], { n, h, w, c, f, k }: Dims): number[] {
  const pad = Math.floor((k - 1) / 2);
  const activated = (b: number, i: number, j: number, o: number) => {
    let sum = bias[o]!;
    for (let di = 0; di < k; di++)
      for (let dj = 0; dj < k; dj++) {
        const [r, s] = [i + di - pad, j + dj - pad];
        if (r < 0 || r >= h || s < 0 || s >= w) continue;
        for (let ch = 0; ch < c; ch++)
          sum += x[((b * h + r) * w + s) * c + ch]! * filter[((di * k + dj) * c + ch) * f + o]!;
      }
    return Math.max(0, sum);
  };
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < Math.ceil(h / 2); i++)
      for (let j = 0; j < Math.ceil(w / 2); j++)
        for (let o = 0; o < f; o++) {
          let best = -Infinity;
          for (let r = 2 * i; r < Math.min(2 * i + 2, h); r++)
            for (let s = 2 * j; s < Math.min(2 * j + 2, w); s++) best = Math.max(best, activated(b, r, s, o));
          out.push(best);
        }
  return out;
}

describe('ch5 conv-block: convReluPool', () => {
  it('should return [N, ⌈H/2⌉, ⌈W/2⌉, F] for any batch, image size, channel and filter count', () => {
    fc.assert(
      fc.property(CASE, (c) =>
        tf.tidy(() => {
          expect(convReluPool(...tensors(c)).shape).toEqual([c.d.n, Math.ceil(c.d.h / 2), Math.ceil(c.d.w / 2), c.d.f]);
        }),
      ),
    );
  });

  it('should equal the plain-JS max_pool(relu(conv(x, filters) + bias))', () => {
    fc.assert(
      fc.property(CASE, (c) =>
        tf.tidy(() => {
          expectAllClose(convReluPool(...tensors(c)).dataSync(), blockReference(c.x, c.filter, c.bias, c.d));
        }),
      ),
    );
  });

  it('should never output a negative value (the ReLU)', () => {
    fc.assert(fc.property(CASE, (c) => tf.tidy(() => tf.min(convReluPool(...tensors(c))).dataSync()[0]! >= 0)));
  });

  it('should output relu(bias) everywhere when the filters are all zero', () => {
    fc.assert(
      fc.property(CASE, (c) =>
        tf.tidy(() => {
          const [x, filter, bias] = tensors(c);
          const out = convReluPool(x, tf.zerosLike(filter), bias);
          const cells = c.d.n * Math.ceil(c.d.h / 2) * Math.ceil(c.d.w / 2);
          expect(Array.from(out.dataSync())).toEqual(
            Array.from({ length: cells }, () => c.bias.map((b) => Math.max(0, b))).flat(),
          );
        }),
      ),
    );
  });

  it("should turn the book's second block, [N, 14, 14, 32] with [5, 5, 32, 64] filters, into [N, 7, 7, 64]", () => {
    tf.tidy(() => {
      expect(convReluPool(tf.zeros([2, 14, 14, 32]), tf.zeros([5, 5, 32, 64]), tf.fill([64], 0.1)).shape).toEqual([
        2, 7, 7, 64,
      ]);
    });
  });

  it('should leave no tensor behind but the one it returns', () => {
    const [x, filter, bias] = [
      tf.ones([1, 4, 4, 2]) as tf.Tensor4D,
      tf.ones([3, 3, 2, 3]) as tf.Tensor4D,
      tf.tensor1d([0.1, -5, 0]),
    ];
    expectNoLeak(() => convReluPool(x, filter, bias));
    tf.dispose([x, filter, bias]);
  });
});
