import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import bands from '../../fixtures/bands/ch5.json';
import { chooseBackend, parseBackendName } from '../../lib/backend';
import { MnistBatcher } from '../../lib/mnist/batches';
import { loadMnist, sliceSplit, type MnistSplit } from '../../lib/mnist/load';
import { RandomState } from '../../lib/numpy-random';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { evaluate } from '../ch4-cnn/evaluate';
import { trainClassifier } from '../ch4-cnn/train';
import { FILTER_STDDEV, HIDDEN_STDDEV } from '../ch4-cnn/network';
import { dropout } from './dropout';
import { BOOK_DOUBLE_CONV, createDoubleConvNetwork, type DoubleConvConfig, type DoubleConvNetwork } from './network';

const PIXELS = 28 * 28;
const short = bands.short;
/** 1–3 images and a network of 1–3 and 1–4 filters, 1–6 hidden units: tiny, yet any wiring bug shows. */
const BATCH = fc.integer({ min: 1, max: 3 });
const CONFIG = fc.record({
  filters1: fc.integer({ min: 1, max: 3 }),
  filters2: fc.integer({ min: 1, max: 4 }),
  hiddenUnits: fc.integer({ min: 1, max: 6 }),
  keepProb: fc.constantFrom(0.5, 0.8),
  seed: fc.integer({ min: 1, max: 1000 }),
});
/** Each run builds a network; a wrong formula fails on the first case. */
const RUNS = { numRuns: 10 };
/** Sums of up to 7·7·4 terms of hidden-layer size (stddev 1.0 weights): float32 agrees to ~1e-4 relative. */
const NETWORK_REL_TOL = 1e-4;
/** Ten classes: a network that learned nothing scores about 1 in 10. */
const CHANCE = 0.1;

const images = (count: number, seed: number) => tf.randomUniform([count, PIXELS], 0, 1, 'float32', seed) as tf.Tensor2D;

function withNetwork<T>(config: DoubleConvConfig, body: (net: DoubleConvNetwork) => T): T {
  const net = createDoubleConvNetwork(config);
  try {
    // The book's w0 = 0 makes every logit 0; small random values make the layers below visible.
    tf.tidy(() => net.params.w0.assign(tf.randomNormal(net.params.w0.shape, 0, 0.01, 'float32', config.seed)));
    return body(net);
  } finally {
    net.dispose();
  }
}

/** The book's formula, op by op; `dropHidden` is the dropout of the hidden layer (none at test time). */
function bookFormula(
  net: DoubleConvNetwork,
  xs: tf.Tensor2D,
  dropHidden = (hidden: tf.Tensor2D) => hidden,
): tf.Tensor2D {
  const p = net.params;
  const block = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) =>
    tf.maxPool(tf.relu(tf.add(tf.conv2d(x, w, 1, 'same'), b)) as tf.Tensor4D, 2, 2, 'same');
  const pooled = block(block(tf.reshape(xs, [-1, 28, 28, 1]) as tf.Tensor4D, p.wConv1, p.bConv1), p.wConv2, p.bConv2);
  const hidden = tf.relu(
    tf.add(tf.matMul(tf.reshape(pooled, [xs.shape[0], -1]) as tf.Tensor2D, p.w2), p.b2),
  ) as tf.Tensor2D;
  return tf.add(tf.matMul(dropHidden(hidden), p.w0), p.b0);
}

/** The dropout seed of a training step, as the chapter's contract has it: seed · 1,000,000 + step. */
const DROPOUT_SEED_STRIDE = 1_000_000;

const SMALL: DoubleConvConfig = { filters1: 2, filters2: 3, hiddenUnits: 8, keepProb: 0.5, seed: 5 };

describe('ch5 network: createDoubleConvNetwork(...).logits', () => {
  let train: MnistSplit;
  let test: MnistSplit;

  beforeAll(async () => {
    // Training is a large job: use the backend `npm run solve` would, where the bands were measured.
    await chooseBackend(parseBackendName(process.env.TFJS_BACKEND), 'large');
    const mnist = loadMnist();
    train = sliceSplit(mnist.train, 0, short.trainExamples);
    test = sliceSplit(mnist.test, 0, short.testExamples);
  });

  it('should return one row of 10 logits per image, in training and at test time', () => {
    fc.assert(
      fc.property(BATCH, CONFIG, (n, config) =>
        withNetwork(config, (net) =>
          tf.tidy(() => {
            const xs = images(n, config.seed);
            expect(net.logits(xs, { training: false }).shape, 'test mode').toEqual([n, 10]);
            expect(net.logits(xs, { training: true, step: 1 }).shape, 'training mode').toEqual([n, 10]);
          }),
        ),
      ),
      RUNS,
    );
  });

  it("should equal the book's formula at test time: two conv blocks → flatten → ReLU dense → dense", () => {
    fc.assert(
      fc.property(BATCH, CONFIG, (n, config) =>
        withNetwork(config, (net) =>
          tf.tidy(() => {
            const xs = images(n, config.seed);
            expectAllClose(
              net.logits(xs, { training: false }).dataSync(),
              bookFormula(net, xs).dataSync(),
              NETWORK_REL_TOL,
            );
          }),
        ),
      ),
      RUNS,
    );
  });

  /** The logits of a 64-unit network in training at `step`, or at test time. */
  const logitsAt = (step: number | 'test') =>
    withNetwork({ ...SMALL, hiddenUnits: 64 }, (net) =>
      tf.tidy(() =>
        Array.from(
          net.logits(images(2, 1), step === 'test' ? { training: false } : { training: true, step }).dataSync(),
        ),
      ),
    );

  it('should drop hidden units in training with your dropout, seeded by seed · 1,000,000 + step', () => {
    withNetwork({ ...SMALL, hiddenUnits: 16 }, (net) =>
      tf.tidy(() => {
        const xs = images(2, 4);
        const step = 3;
        const seed = SMALL.seed * DROPOUT_SEED_STRIDE + step;
        expectAllClose(
          net.logits(xs, { training: true, step }).dataSync(),
          bookFormula(net, xs, (h) => dropout(h, SMALL.keepProb, { training: true, seed })).dataSync(),
          NETWORK_REL_TOL,
        );
      }),
    );
  });

  it('should run at test time when no mode is given: no dropout, the same logits every call', () => {
    withNetwork(SMALL, (net) =>
      tf.tidy(() => {
        const xs = images(2, 5);
        const plain = Array.from(net.logits(xs).dataSync());
        expect(plain).toEqual(Array.from(net.logits(xs, { training: false }).dataSync()));
        expect(plain).toEqual(Array.from(net.logits(xs).dataSync()));
      }),
    );
  });

  it("should start from the book's values: seeded truncated normals, conv and hidden biases 0.1, w0, b0 zero", () => {
    const net = createDoubleConvNetwork(SMALL);
    try {
      tf.tidy(() => {
        expect(net.logits(images(1, 6)).shape).toEqual([1, 10]);
      });
      const { filters1, filters2, hiddenUnits, seed } = SMALL;
      const p = net.params;
      const flat = 7 * 7 * filters2;
      expect(
        Object.values(p).map((v) => [v.shape, v.dtype]),
        'shapes and dtypes, wConv1 … b0',
      ).toEqual(
        [
          [5, 5, 1, filters1],
          [filters1],
          [5, 5, filters1, filters2],
          [filters2],
          [flat, hiddenUnits],
          [hiddenUnits],
          [hiddenUnits, 10],
          [10],
        ].map((shape) => [shape, 'float32']),
      );
      tf.tidy(() => {
        const normal = (shape: number[], stddev: number, s: number) =>
          tf.truncatedNormal(shape, 0, stddev, 'float32', s).arraySync();
        expect(p.wConv1.arraySync()).toEqual(normal(p.wConv1.shape, FILTER_STDDEV, seed));
        expect(p.wConv2.arraySync()).toEqual(normal(p.wConv2.shape, FILTER_STDDEV, seed + 1));
        expect(p.w2.arraySync()).toEqual(normal(p.w2.shape, HIDDEN_STDDEV, seed + 2));
      });
      const biases = [...p.bConv1.dataSync(), ...p.bConv2.dataSync(), ...p.b2.dataSync()];
      expect(
        biases.every((v) => v === Math.fround(0.1)),
        'conv and hidden biases start at 0.1',
      ).toBe(true);
      expect(
        [...p.w0.dataSync(), ...p.b0.dataSync()].every((v) => v === 0),
        'w0 and b0 start at 0',
      ).toBe(true);
      expect(
        net.variables.map((v) => v.id),
        'the variables, in order',
      ).toEqual(Object.values(p).map((v) => v.id));
      expect(net.config).toEqual(SMALL);
    } finally {
      net.dispose();
    }
  });

  it('should free its variables on dispose', () => {
    const net = createDoubleConvNetwork(SMALL);
    tf.tidy(() => {
      net.logits(images(1, 7));
    });
    const before = tf.memory().numTensors;
    net.dispose();
    expect(before - tf.memory().numTensors, 'variables freed by dispose').toBe(8);
  });

  it("should build the book's network by default: 32 and 64 filters, 1024 units, keepProb 0.5, seed 20180312", () => {
    const net = createDoubleConvNetwork();
    try {
      tf.tidy(() => {
        expect(net.logits(images(1, 8)).shape).toEqual([1, 10]);
      });
      expect(BOOK_DOUBLE_CONV).toEqual({
        filters1: 32,
        filters2: 64,
        hiddenUnits: 1024,
        keepProb: 0.5,
        seed: 20180312,
      });
      expect(net.config).toEqual(BOOK_DOUBLE_CONV);
    } finally {
      net.dispose();
    }
  });

  it('should apply dropout in training: the logits differ from test time', () => {
    expect(logitsAt(1), 'training with dropout on vs test time').not.toEqual(logitsAt('test'));
  });

  it('should draw the same dropout mask for the same step (the mask is seeded by the step)', () => {
    expect(logitsAt(1)).toEqual(logitsAt(1));
  });

  it('should draw a fresh dropout mask for every step', () => {
    expect(logitsAt(1), 'steps 1 and 2').not.toEqual(logitsAt(2));
  });

  it('should drop nothing when keepProb is 1: training equals test time', () => {
    withNetwork({ ...SMALL, keepProb: 1 }, (net) =>
      tf.tidy(() => {
        const xs = images(2, 2);
        expectAllClose(
          net.logits(xs, { training: true, step: 3 }).dataSync(),
          net.logits(xs, { training: false }).dataSync(),
        );
      }),
    );
  });

  it('should score each image on its own at test time', () => {
    withNetwork(SMALL, (net) =>
      tf.tidy(() => {
        const xs = images(3, 3);
        const oneByOne = [0, 1, 2].flatMap((r) =>
          Array.from(net.logits(tf.slice(xs, [r, 0], [1, PIXELS]), { training: false }).dataSync()),
        );
        expectAllClose(net.logits(xs, { training: false }).dataSync(), oneByOne, NETWORK_REL_TOL);
      }),
    );
  });

  it('should use every variable: each one gets a non-zero gradient', () => {
    withNetwork(SMALL, (net) =>
      tf.tidy(() => {
        const xs = images(2, 4);
        const { grads } = tf.variableGrads(
          () => tf.sum(tf.square(net.logits(xs, { training: true, step: 1 }))) as tf.Scalar,
          [...net.variables],
        );
        for (const variable of net.variables) {
          expect(
            tf.max(tf.abs(grads[variable.name]!)).dataSync()[0],
            `gradient of the variable of shape [${variable.shape}]`,
          ).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('should leave no tensor behind but the logits it returns', () => {
    withNetwork(SMALL, (net) => {
      const xs = images(2, 5);
      expectNoLeak(() => net.logits(xs, { training: true, step: 1 }));
      expectNoLeak(() => net.logits(xs, { training: false }));
      xs.dispose();
    });
  });

  it(
    `should train into the band measured on the solutions in ${short.required} of ${short.seeds.length} ` +
      `seeds (${short.steps} steps on ${short.trainExamples} images)`,
    async () => {
      const results: { seed: number; accuracy: number | undefined }[] = [];
      for (const seed of short.seeds) {
        const net = createDoubleConvNetwork({ ...short.network, seed });
        try {
          const { log } = await trainClassifier({
            network: net,
            batches: new MnistBatcher(train, new RandomState(seed)),
            steps: short.steps,
            batchSize: short.batchSize,
            learningRate: short.learningRate,
            evaluateEvery: short.steps,
            evaluate: () => evaluate(net, test, short.evalChunk),
          });
          results.push({ seed, accuracy: log.at(-1)!.testAccuracy });
        } finally {
          net.dispose();
        }
      }
      const { min, max } = short.testAccuracy;
      const diagnose = (a: number | undefined) =>
        a === undefined || Number.isNaN(a)
          ? 'no accuracy measured'
          : a <= CHANCE + 0.05
            ? 'accuracy at chance: nothing learned'
            : a < min
              ? 'below the band (dropout left on at test time?)'
              : a > max
                ? 'above the band'
                : 'in the band';
      const inBand = results.filter((r) => r.accuracy !== undefined && r.accuracy >= min && r.accuracy <= max);
      const report = results
        .map((r) => `seed ${r.seed}: ${r.accuracy?.toFixed(3)} (${diagnose(r.accuracy)})`)
        .join('; ');
      expect(
        inBand.length,
        `${inBand.length} of ${results.length} seeds in [${min}, ${max}]: ${report}`,
      ).toBeGreaterThanOrEqual(short.required);
    },
  );
});
