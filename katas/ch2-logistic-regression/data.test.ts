import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/numpy-random';
import * as tf from '@tensorflow/tfjs';
import { CLASS0_BLOCK, gaussianBlock, toTensors, type BlockSpec } from './data';

/** numpy accepts seeds 0..2^32 − 1. */
const SEED = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Blocks the size of the book's (15 to 25 rows) and a little beyond; an empty block is allowed too. */
const BLOCK: fc.Arbitrary<BlockSpec> = fc.record({
  n: fc.integer({ min: 0, max: 40 }),
  // Means and variances around the book's (means 7..22, variances 18..22), with room either side.
  mean: fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })),
  variance: fc.double({ min: 0.5, max: 50, noNaN: true }),
  label: fc.constantFrom(0, 1),
});

/** Rows for the statistical properties: the sample mean's error shrinks as 1/√n. */
const MANY_ROWS = 4000;
/** A sample mean more than 5 standard errors off happens about once in 3 million draws. */
const MEAN_STANDARD_ERRORS = 5;
/** The sample variance's standard error is variance·√(2/n) ≈ 2.2% here; 10% is over 4 of them. */
const VARIANCE_REL_TOL = 0.1;

const cov = (v: number) => [
  [v, 0],
  [0, v],
];

describe('ch2 data: gaussianBlock', () => {
  it('should turn a block into the tensors the model takes: x [N, 2] and t [N, 1], the same numbers', () => {
    const set = gaussianBlock(new RandomState(1), { ...CLASS0_BLOCK, n: 3 });
    const { x, t } = toTensors(set);
    expect([x.shape, t.shape], 'the shapes of x and t').toEqual([
      [3, 2],
      [3, 1],
    ]);
    expect(Array.from(x.dataSync())).toEqual(set.x.flat().map(Math.fround));
    expect(Array.from(t.dataSync())).toEqual(set.t);
    tf.dispose([x, t]);
  });

  it('should return n points and n labels', () => {
    fc.assert(
      fc.property(SEED, BLOCK, (seed, block) => {
        const set = gaussianBlock(new RandomState(seed), block);
        expect(set.x, 'one point per row').toHaveLength(block.n);
        expect(set.t, 'one label per row').toHaveLength(block.n);
      }),
    );
  });

  it('should give every point two coordinates, x1 and x2', () => {
    fc.assert(
      fc.property(SEED, BLOCK, (seed, block) =>
        gaussianBlock(new RandomState(seed), block).x.every((row) => row.length === 2),
      ),
    );
  });

  it("should label every row with the block's label", () => {
    fc.assert(
      fc.property(SEED, BLOCK, (seed, block) =>
        gaussianBlock(new RandomState(seed), block).t.every((t) => t === block.label),
      ),
    );
  });

  it("should draw exactly numpy's multivariate_normal(mean, variance·I, n)", () => {
    fc.assert(
      fc.property(SEED, BLOCK, (seed, block) => {
        const expected = new RandomState(seed).multivariateNormal(block.mean, cov(block.variance), block.n);
        expect(gaussianBlock(new RandomState(seed), block).x).toEqual(expected);
      }),
    );
  });

  it("should continue the generator's stream, so a second block is numpy's second draw", () => {
    fc.assert(
      fc.property(SEED, BLOCK, BLOCK, (seed, first, second) => {
        const twin = new RandomState(seed);
        twin.multivariateNormal(first.mean, cov(first.variance), first.n);
        const rs = new RandomState(seed);
        gaussianBlock(rs, first);
        expect(gaussianBlock(rs, second).x).toEqual(
          twin.multivariateNormal(second.mean, cov(second.variance), second.n),
        );
      }),
    );
  });

  it('should give the same block for the same seed', () => {
    fc.assert(
      fc.property(SEED, BLOCK, (seed, block) => {
        expect(gaussianBlock(new RandomState(seed), block)).toEqual(gaussianBlock(new RandomState(seed), block));
      }),
    );
  });

  it('should centre the points on the mean over many rows', () => {
    const block = { ...CLASS0_BLOCK, n: MANY_ROWS };
    const { x } = gaussianBlock(new RandomState(1), block);
    const tolerance = (MEAN_STANDARD_ERRORS * Math.sqrt(block.variance)) / Math.sqrt(MANY_ROWS);
    for (const axis of [0, 1]) {
      const mean = x.reduce((s, row) => s + row[axis]!, 0) / MANY_ROWS;
      expect(
        Math.abs(mean - block.mean[axis]!),
        `sample mean of x${axis + 1} is ${mean.toFixed(3)}, the block's mean is ${block.mean[axis]}`,
      ).toBeLessThan(tolerance);
    }
  });

  it('should spread the points with the requested variance over many rows', () => {
    const block = { ...CLASS0_BLOCK, n: MANY_ROWS };
    const { x } = gaussianBlock(new RandomState(2), block);
    for (const axis of [0, 1]) {
      const variance = x.reduce((s, row) => s + (row[axis]! - block.mean[axis]!) ** 2, 0) / MANY_ROWS;
      expect(
        Math.abs(variance / block.variance - 1),
        `sample variance of x${axis + 1} is ${variance.toFixed(2)}, asked for ${block.variance} (a ` +
          `standard deviation passed instead of a variance?)`,
      ).toBeLessThan(VARIANCE_REL_TOL);
    }
  });
});
