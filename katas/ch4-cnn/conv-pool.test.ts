import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { convPool } from './conv-pool';

/** Batches of 1–3 images: a batch above 1 shows any mixing of images. */
const BATCH = fc.integer({ min: 1, max: 3 });
/** Sides 1–9, odd and even: SAME pooling of an odd side rounds up (⌈9/2⌉ = 5) and a side of 1 is all padding. */
const SIDE = fc.integer({ min: 1, max: 9 });
/** 1–3 input channels and 1–4 filters: enough to catch a swapped axis, small enough for the plain-JS loops. */
const CHANNELS = fc.integer({ min: 1, max: 3 });
const FILTERS = fc.integer({ min: 1, max: 4 });
/** Odd filter sides, as SAME padding centres them; 5 is the book's. */
const KERNEL = fc.constantFrom(1, 3, 5);
/**
 * Small integers keep every product and sum (≤ 75 terms of ≤ 64) exact in float32, so the result must
 * match plain JS exactly; negative values make sure pooling is a maximum, not a maximum of absolute values.
 */
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
const CASE = fc
  .record({ n: BATCH, h: SIDE, w: SIDE, c: CHANNELS, f: FILTERS, k: KERNEL })
  .chain((d) => fc.record({ d: fc.constant(d), x: ints(d.n * d.h * d.w * d.c), filter: ints(d.k * d.k * d.c * d.f) }));

/** Plain-JS convolution, stride 1, SAME padding (⌊(k−1)/2⌋ zeros before, the rest after), NHWC. */
function convSame(x: number[], filter: number[], { n, h, w, c, f, k }: Dims): number[] {
  const pad = Math.floor((k - 1) / 2);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let o = 0; o < f; o++) {
          let sum = 0;
          for (let di = 0; di < k; di++)
            for (let dj = 0; dj < k; dj++) {
              const [r, s] = [i + di - pad, j + dj - pad];
              if (r < 0 || r >= h || s < 0 || s >= w) continue;
              for (let ch = 0; ch < c; ch++)
                sum += x[((b * h + r) * w + s) * c + ch]! * filter[((di * k + dj) * c + ch) * f + o]!;
            }
          out.push(sum);
        }
  return out;
}

/** Plain-JS 2×2 max pooling, stride 2, SAME: windows start at even rows and columns; padding never wins. */
function maxPoolSame(y: number[], n: number, h: number, w: number, c: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < Math.ceil(h / 2); i++)
      for (let j = 0; j < Math.ceil(w / 2); j++)
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          for (let r = 2 * i; r < Math.min(2 * i + 2, h); r++)
            for (let s = 2 * j; s < Math.min(2 * j + 2, w); s++)
              best = Math.max(best, y[((b * h + r) * w + s) * c + ch]!);
          out.push(best);
        }
  return out;
}

/** A k×k filter from c channels to c channels that copies each channel: the convolution becomes the identity. */
function identityFilter(k: number, c: number): tf.Tensor4D {
  const values = new Float32Array(k * k * c * c);
  const centre = Math.floor((k - 1) / 2);
  for (let ch = 0; ch < c; ch++) values[((centre * k + centre) * c + ch) * c + ch] = 1;
  return tf.tensor4d(values, [k, k, c, c]);
}

describe('ch4 conv-pool: convPool', () => {
  it('should return [N, ⌈H/2⌉, ⌈W/2⌉, F] for any batch size, image size and filter count', () => {
    fc.assert(
      fc.property(CASE, ({ d, x, filter }) =>
        tf.tidy(() => {
          const out = convPool(tf.tensor4d(x, [d.n, d.h, d.w, d.c]), tf.tensor4d(filter, [d.k, d.k, d.c, d.f]));
          expect(out.shape, 'shape of the pooled feature maps').toEqual([
            d.n,
            Math.ceil(d.h / 2),
            Math.ceil(d.w / 2),
            d.f,
          ]);
        }),
      ),
    );
  });

  it('should equal the plain-JS convolution (stride 1, SAME, no bias) followed by 2×2 max pooling', () => {
    fc.assert(
      fc.property(CASE, ({ d, x, filter }) =>
        tf.tidy(() => {
          const out = convPool(tf.tensor4d(x, [d.n, d.h, d.w, d.c]), tf.tensor4d(filter, [d.k, d.k, d.c, d.f]));
          expectAllClose(out.dataSync(), maxPoolSame(convSame(x, filter, d), d.n, d.h, d.w, d.f));
        }),
      ),
    );
  });

  it('should keep the maximum of each 2×2 window, also where the whole window is negative', () => {
    // With an identity filter the block is pure max pooling, so it must agree with the plain-JS maximum.
    const IMAGE = fc
      .record({ n: BATCH, h: SIDE, w: SIDE, c: CHANNELS })
      .chain((d) => fc.record({ d: fc.constant(d), x: ints(d.n * d.h * d.w * d.c) }));
    fc.assert(
      fc.property(IMAGE, ({ d, x }) =>
        tf.tidy(() => {
          const out = convPool(tf.tensor4d(x, [d.n, d.h, d.w, d.c]), identityFilter(5, d.c));
          expect(Array.from(out.dataSync())).toEqual(maxPoolSame(x, d.n, d.h, d.w, d.c));
        }),
      ),
    );
  });

  it('should send the gradient of each pooled value to the maximum of its window only', () => {
    // Distinct values make every window's maximum unique, so the gradient has one right answer.
    const DISTINCT = fc.record({ h: SIDE, w: SIDE }).chain(({ h, w }) =>
      fc.record({
        h: fc.constant(h),
        w: fc.constant(w),
        x: fc.uniqueArray(fc.integer({ min: -500, max: 500 }), { minLength: h * w, maxLength: h * w }),
      }),
    );
    fc.assert(
      fc.property(DISTINCT, ({ h, w, x }) =>
        tf.tidy(() => {
          const grad = tf.grad((image: tf.Tensor) => tf.sum(convPool(image as tf.Tensor4D, identityFilter(1, 1))))(
            tf.tensor4d(x, [1, h, w, 1]),
          );
          const expected = new Array<number>(h * w).fill(0);
          const pooled = maxPoolSame(x, 1, h, w, 1);
          for (const best of pooled) expected[x.indexOf(best)] = 1;
          expect(Array.from(grad.dataSync()), 'a 1 at each window maximum, 0 elsewhere').toEqual(expected);
        }),
      ),
    );
  });

  it("should turn the book's [N, 28, 28, 1] images and [5, 5, 1, 16] filters into [N, 14, 14, 16]", () => {
    tf.tidy(() => {
      const out = convPool(tf.zeros([2, 28, 28, 1]), tf.ones([5, 5, 1, 16]));
      expect(out.shape).toEqual([2, 14, 14, 16]);
    });
  });

  it('should leave no tensor behind but the one it returns', () => {
    const images = tf.ones([1, 6, 6, 1]) as tf.Tensor4D;
    const filters = tf.ones([5, 5, 1, 2]) as tf.Tensor4D;
    expectNoLeak(() => convPool(images, filters));
    tf.dispose([images, filters]);
  });
});
