import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import {
  BOOK_SINGLE_CONV,
  createSingleConvNetwork,
  FILTER_STDDEV,
  HIDDEN_STDDEV,
  requireSeed,
  type SingleConvNetwork,
} from './network';

const PIXELS = 28 * 28;
/** 1–3 images, 1–3 filters, 1–6 hidden units: a tiny network, yet any shape or reshape bug shows. */
const BATCH = fc.integer({ min: 1, max: 3 });
const CONFIG = fc.record({
  filters: fc.integer({ min: 1, max: 3 }),
  hiddenUnits: fc.integer({ min: 1, max: 6 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});
/** Few fast-check runs: each builds a network; shapes and formulas fail on the first wrong case anyway. */
const RUNS = { numRuns: 10 };

/** Images with pixels in [0, 1], seeded: `count` rows of 784. */
const images = (count: number, seed: number) => tf.randomUniform([count, PIXELS], 0, 1, 'float32', seed) as tf.Tensor2D;

/** The book's w0 and b0 start at 0, which makes every logit 0; random values make the head visible. */
function randomizeOutputLayer(net: SingleConvNetwork, seed: number): void {
  tf.tidy(() => {
    net.params.w0.assign(tf.randomNormal(net.params.w0.shape, 0, 0.01, 'float32', seed));
    net.params.b0.assign(tf.randomNormal(net.params.b0.shape, 0, 1, 'float32', seed + 1));
  });
}

/** The book's formula, op by op: reshape → conv SAME → max pool 2×2 SAME → flatten → relu dense → dense. */
function bookFormula(net: SingleConvNetwork, xs: tf.Tensor2D): tf.Tensor2D {
  const { wConv, w2, b2, w0, b0 } = net.params;
  const pooled = tf.maxPool(tf.conv2d(tf.reshape(xs, [-1, 28, 28, 1]) as tf.Tensor4D, wConv, 1, 'same'), 2, 2, 'same');
  const hidden = tf.relu(
    tf.add(tf.matMul(tf.reshape(pooled, [xs.shape[0], -1]) as tf.Tensor2D, w2), b2),
  ) as tf.Tensor2D;
  return tf.add(tf.matMul(hidden, w0), b0);
}

/**
 * The hidden layer's weights (stddev 1.0 over 14·14·F inputs) make hidden values of order 10–100,
 * so float32 sums of that many terms agree to about 1e-4 relative, whatever the order of the additions.
 */
const NETWORK_REL_TOL = 1e-4;

describe('ch4 network: createSingleConvNetwork(...).logits', () => {
  it('should return one row of 10 logits per image for any batch size and network size', () => {
    fc.assert(
      fc.property(BATCH, CONFIG, (n, config) => {
        const net = createSingleConvNetwork(config);
        try {
          tf.tidy(() => {
            expect(net.logits(images(n, config.seed)).shape).toEqual([n, 10]);
          });
        } finally {
          net.dispose();
        }
      }),
      RUNS,
    );
  });

  it("should equal the book's formula: conv → max pool → flatten → ReLU dense → dense", () => {
    fc.assert(
      fc.property(BATCH, CONFIG, (n, config) => {
        const net = createSingleConvNetwork(config);
        try {
          randomizeOutputLayer(net, config.seed);
          tf.tidy(() => {
            const xs = images(n, config.seed);
            expectAllClose(net.logits(xs).dataSync(), bookFormula(net, xs).dataSync(), NETWORK_REL_TOL);
          });
        } finally {
          net.dispose();
        }
      }),
      RUNS,
    );
  });

  it('should score each image on its own: the logits of a batch are the logits of its images one by one', () => {
    const net = createSingleConvNetwork({ filters: 2, hiddenUnits: 5, seed: 7 });
    randomizeOutputLayer(net, 7);
    tf.tidy(() => {
      const xs = images(3, 11);
      const oneByOne = [0, 1, 2].flatMap((r) => Array.from(net.logits(tf.slice(xs, [r, 0], [1, PIXELS])).dataSync()));
      expectAllClose(net.logits(xs).dataSync(), oneByOne, NETWORK_REL_TOL);
    });
    net.dispose();
  });

  it("should give every digit the same score before training (the book's w0 = 0, b0 = 0)", () => {
    const net = createSingleConvNetwork({ filters: 2, hiddenUnits: 5, seed: 3 });
    tf.tidy(() => {
      expect(Array.from(net.logits(images(2, 5)).dataSync(), (v) => v + 0)).toEqual(new Array(20).fill(0));
    });
    net.dispose();
  });

  it('should use every variable: each one gets a non-zero gradient', () => {
    const net = createSingleConvNetwork({ filters: 2, hiddenUnits: 5, seed: 9 });
    randomizeOutputLayer(net, 9);
    tf.tidy(() => {
      const xs = images(2, 13);
      // The square makes the gradient depend on every logit's value, not only on the layer sizes.
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(net.logits(xs))) as tf.Scalar, [...net.variables]);
      for (const variable of net.variables) {
        const g = grads[variable.name]!;
        expect(
          tf.max(tf.abs(g)).dataSync()[0],
          `gradient of the variable of shape [${variable.shape}]`,
        ).toBeGreaterThan(0);
      }
    });
    net.dispose();
  });

  it('should be reproducible: the same seed gives the same logits', () => {
    const [a, b] = [
      createSingleConvNetwork({ filters: 2, hiddenUnits: 4, seed: 5 }),
      createSingleConvNetwork({ filters: 2, hiddenUnits: 4, seed: 5 }),
    ];
    [a, b].forEach((net) => randomizeOutputLayer(net, 5));
    tf.tidy(() => {
      const xs = images(2, 17);
      expect(Array.from(a.logits(xs).dataSync())).toEqual(Array.from(b.logits(xs).dataSync()));
    });
    tf.dispose([a.variables as tf.Variable[], b.variables as tf.Variable[]]);
  });

  it("should start from the book's values: seeded truncated normals for wConv and w2, zeros elsewhere", () => {
    const [filters, hiddenUnits, seed] = [2, 3, 11];
    const net = createSingleConvNetwork({ filters, hiddenUnits, seed });
    tf.tidy(() => {
      expect(Array.from(net.logits(images(1, 1)).dataSync()), 'the logits at w0 = b0 = 0').toEqual(
        new Array(10).fill(0),
      );
    });
    const { wConv, w2, b2, w0, b0 } = net.params;
    const flat = 14 * 14 * filters;
    expect(
      [wConv, w2, b2, w0, b0].map((v) => [v.shape, v.dtype]),
      'shapes and dtypes of wConv, w2, b2, w0, b0',
    ).toEqual([
      [[5, 5, 1, filters], 'float32'],
      [[flat, hiddenUnits], 'float32'],
      [[hiddenUnits], 'float32'],
      [[hiddenUnits, 10], 'float32'],
      [[10], 'float32'],
    ]);
    tf.tidy(() => {
      expect(wConv.arraySync()).toEqual(tf.truncatedNormal(wConv.shape, 0, FILTER_STDDEV, 'float32', seed).arraySync());
      expect(w2.arraySync()).toEqual(tf.truncatedNormal(w2.shape, 0, HIDDEN_STDDEV, 'float32', seed + 1).arraySync());
    });
    expect(
      [...b2.dataSync(), ...w0.dataSync(), ...b0.dataSync()].every((v) => v === 0),
      'b2, w0, b0 start at 0',
    ).toBe(true);
    expect(
      net.variables.map((v) => v.id),
      'the variables, in order',
    ).toEqual([wConv, w2, b2, w0, b0].map((v) => v.id));
    const before = tf.memory().numTensors;
    net.dispose();
    expect(before - tf.memory().numTensors, 'variables freed by dispose').toBe(5);
  });

  it("should build the book's network by default (16 filters, 1024 hidden units, seed 20180312)", () => {
    const net = createSingleConvNetwork();
    try {
      tf.tidy(() => {
        expect(net.logits(images(1, 2)).shape).toEqual([1, 10]);
      });
      expect(BOOK_SINGLE_CONV).toEqual({ filters: 16, hiddenUnits: 1024, seed: 20180312 });
      expect(net.config).toEqual(BOOK_SINGLE_CONV);
      expect([net.params.wConv.shape, net.params.w2.shape]).toEqual([
        [5, 5, 1, 16],
        [14 * 14 * 16, 1024],
      ]);
    } finally {
      net.dispose();
    }
  });

  it('should refuse a seed that would not seed: 0, fractions, negatives', () => {
    const net = createSingleConvNetwork({ filters: 1, hiddenUnits: 1, seed: 1 });
    tf.tidy(() => net.logits(images(1, 3)));
    net.dispose();
    requireSeed(1);
    for (const bad of [0, 1.5, -2])
      expect(() => createSingleConvNetwork({ filters: 1, hiddenUnits: 1, seed: bad })).toThrow(
        new RangeError(`seed must be a whole number ≥ 1, got ${bad}`),
      );
  });

  it('should leave no tensor behind but the logits it returns', () => {
    const net = createSingleConvNetwork({ filters: 2, hiddenUnits: 4, seed: 1 });
    const xs = images(2, 1);
    expectNoLeak(() => net.logits(xs));
    xs.dispose();
    net.dispose();
  });
});
