import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectAllWithin, expectNoLeak } from '../../lib/testing/tensors';
import { linspace, probabilityField, type Extent } from './field';

/** Grids from 1×1 to 12×12: big enough to tell rows from columns, small enough to check every cell. */
const SIZE = fc.integer({ min: 1, max: 12 });
/** Squares like the book's [0, 30]² and [−15, 15]², anywhere within ±50. */
const EXTENT: fc.Arbitrary<Extent> = fc
  .tuple(
    fc.double({ min: -50, max: 50, noNaN: true }),
    fc.double({ min: 1, max: 50, noNaN: true }),
    fc.double({ min: -50, max: 50, noNaN: true }),
    fc.double({ min: 1, max: 50, noNaN: true }),
  )
  .map(([x0, w, y0, h]) => [x0, x0 + w, y0, y0 + h] as const);
/** Coefficients of the stand-in network's plane a·x1 + b·x2 + c. */
const COEF = fc.double({ min: -0.5, max: 0.5, noNaN: true });
/** sigmoid of a float32 sum of numbers below 60: 1e-5 absolute. */
const P_TOL = 1e-5;

/** numpy's linspace: n points from lo to hi, both included. */
const linspaceReference = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => (n === 1 ? lo : i === n - 1 ? hi : lo + (i * (hi - lo)) / (n - 1)));

/** numpy's linspace as numpy computes it: start + i·step, and the last point exactly the stop. */
const numpyLinspace = (lo: number, hi: number, n: number) =>
  n === 1 ? [lo] : Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + i * ((hi - lo) / (n - 1))));

/** A stand-in "network" whose p is one coordinate of each point, so the field shows where the points are. */
const coordinateNetwork = (column: 0 | 1) => ({
  probability: (x: tf.Tensor2D) => tf.slice(x, [0, column], [-1, 1]) as tf.Tensor2D,
});

/** A stand-in network: p = sigmoid(a·x1 + b·x2 + c), counting how often it is called. */
function planeNetwork(a: number, b: number, c: number) {
  const network = {
    calls: 0,
    probability(x: tf.Tensor2D): tf.Tensor2D {
      network.calls++;
      return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(x, tf.tensor2d([a, b], [2, 1])), c)) as tf.Tensor2D);
    },
  };
  return network;
}

describe('ch3 field: probabilityField', () => {
  it('should return size × size probabilities', () => {
    fc.assert(
      fc.property(EXTENT, SIZE, (extent, size) => {
        expect(probabilityField(planeNetwork(0.1, 0.2, 0), extent, size), `a ${size} × ${size} grid`).toHaveLength(
          size * size,
        );
      }),
    );
  });

  it("should hold at row r, column c the network's p at (x1, x2) = (linspace(x1s)[c], linspace(x2s)[r])", () => {
    fc.assert(
      fc.property(EXTENT, SIZE, COEF, COEF, COEF, (extent, size, a, b, c) => {
        const x1s = linspaceReference(extent[0], extent[1], size);
        const x2s = linspaceReference(extent[2], extent[3], size);
        const expected = x2s.flatMap((x2) => x1s.map((x1) => 1 / (1 + Math.exp(-(a * x1 + b * x2 + c)))));
        expectAllClose(probabilityField(planeNetwork(a, b, c), extent, size), expected, P_TOL);
      }),
    );
  });

  it("should place the grid's points exactly at numpy's linspace of each side, both ends included", () => {
    fc.assert(
      fc.property(EXTENT, SIZE, (extent, size) => {
        const x1s = numpyLinspace(extent[0], extent[1], size).map(Math.fround);
        const x2s = numpyLinspace(extent[2], extent[3], size).map(Math.fround);
        expect(Array.from(probabilityField(coordinateNetwork(0), extent, size)), 'x1 of every grid point').toEqual(
          x2s.flatMap(() => x1s),
        );
        expect(Array.from(probabilityField(coordinateNetwork(1), extent, size)), 'x2 of every grid point').toEqual(
          x2s.flatMap((x2) => x1s.map(() => x2)),
        );
      }),
    );
  });

  it("should end each side exactly at the extent's edge, as numpy's linspace does", () => {
    // Here lo + 27·step is 0.5544999999999995 in doubles: numpy, and linspace, set the last point to hi itself.
    const [lo, hi, n] = [-2.952, 0.5545, 28];
    expect(probabilityField(coordinateNetwork(0), [lo, hi, 0, 1], n).at(-1)).toBe(Math.fround(hi));
    expect(linspace(lo, hi, n)).toEqual(numpyLinspace(lo, hi, n));
    expect(linspace(lo, hi, n).at(-1)).toBe(hi);
  });

  it('should put the lowest x2 in row 0, as imshow with origin="lower" expects', () => {
    const field = probabilityField(planeNetwork(0, 1, 0), [0, 30, -10, 10], 5);
    expect(field[0]!, 'row 0 should be x2 = −10, where p = sigmoid(−10) is tiny').toBeLessThan(1e-3);
    expect(field[20]!, 'the last row should be x2 = +10').toBeGreaterThan(0.999);
  });

  it('should evaluate the whole grid in one call of the network', () => {
    const network = planeNetwork(0.1, -0.1, 0);
    probabilityField(network, [0, 30, 0, 30], 10);
    expect(network.calls, 'one batch of size² points, as the book does with one sess.run').toBe(1);
  });

  it("should cover the book's 100 × 100 grid by default, with probabilities in [0, 1]", () => {
    const field = probabilityField(planeNetwork(0.4, 0.3, -15), [0, 30, 0, 30]);
    expect(field).toHaveLength(100 * 100);
    expectAllWithin(field, 0, 1, 'the field, probabilities,');
  });

  it('should leave no tensor behind', () => {
    expectNoLeak(() => void probabilityField(planeNetwork(0.1, 0.1, 0.1), [0, 1, 0, 1], 4));
  });
});
