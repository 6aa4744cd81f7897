import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneHot, PIXEL_SCALE, scalePixels } from './encode';
import { MNIST_CLASSES } from './idx';

/** numpy's `uint8.astype(float32) * (1.0 / 255.0)` for every pixel value, from make_next_batch_reference.py. */
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/mnist/next-batch-reference.json', import.meta.url), 'utf8'),
) as {
  scaledPixels: number[];
};
/** Batches of labels; the size does not change the logic, so small ones suffice. */
const MAX_LABELS = 100;

describe('scalePixels', () => {
  it('should scale every pixel value to the very float32 that numpy (input_data) computes', () => {
    const all = Uint8Array.from({ length: 256 }, (_, p) => p);
    expect(Array.from(scalePixels(all))).toEqual(reference.scaledPixels);
  });

  it('should map 0 to 0 and 255 to exactly 1', () => {
    expect(Array.from(scalePixels(Uint8Array.of(0, 255)))).toEqual([0, 1]);
  });

  it('should be a float32 multiplication by float32(1/255)', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (pixels) => {
        expect(scalePixels(pixels)).toEqual(Float32Array.from(pixels, (p) => Math.fround(p * PIXEL_SCALE)));
      }),
    );
  });
});

describe('oneHot', () => {
  const labelsArb = fc.array(fc.integer({ min: 0, max: MNIST_CLASSES - 1 }), { maxLength: MAX_LABELS });

  it('should give each label a row of ten that sums to 1 with its 1 in the label column', () => {
    fc.assert(
      fc.property(labelsArb, (labels) => {
        const rows = oneHot(labels);
        expect(rows.length).toBe(labels.length * MNIST_CLASSES);
        labels.forEach((label, r) => {
          const row = Array.from(rows.subarray(r * MNIST_CLASSES, (r + 1) * MNIST_CLASSES));
          expect(row.reduce((a, b) => a + b)).toBe(1);
          expect(row[label]).toBe(1);
        });
      }),
    );
  });

  it('should refuse a label outside the classes', () => {
    expect(() => oneHot([0, 10])).toThrow('label 10 at index 1 is not a class index in [0, 10)');
    expect(() => oneHot([2], 2)).toThrow(RangeError);
  });
});
