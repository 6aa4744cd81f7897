import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MnistSplit } from '../../lib/mnist/load';
import { expectAllClose } from '../../lib/testing/tensors';
import { evaluate } from './evaluate';
import type { ForwardMode, Network } from './network';

const PIXELS = 28 * 28;
const CLASSES = 10;
/** Up to 40 examples: enough for chunks of every size, including a short last chunk. */
const COUNT = fc.integer({ min: 1, max: 40 });

/** A deterministic split: pixels from a small LCG in [0, 1], labels 0–9. */
function syntheticSplit(count: number, seed: number): MnistSplit {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    count,
    images: Float32Array.from({ length: count * PIXELS }, next),
    labels: Uint8Array.from({ length: count }, () => Math.floor(next() * CLASSES)),
  };
}

/**
 * A stand-in network, so that only the evaluation is graded here: logits = xs·w (a linear model),
 * recording the mode and the batch size of every forward pass.
 */
class LinearNetwork implements Network {
  readonly w = tf.variable(tf.randomNormal([PIXELS, CLASSES], 0, 0.1, 'float32', 42));
  readonly variables = [this.w];
  readonly calls: { rows: number; mode: ForwardMode | undefined }[] = [];
  logits(xs: tf.Tensor2D, mode?: ForwardMode): tf.Tensor2D {
    this.calls.push({ rows: xs.shape[0], mode });
    return tf.matMul(xs, this.w);
  }
  dispose(): void {
    this.w.dispose();
  }
}

/** Plain JS from the stand-in's logits: summed cross-entropy and the fraction of argmax hits. */
function reference(net: LinearNetwork, split: MnistSplit): { loss: number; accuracy: number } {
  const z = tf.tidy(() => tf.matMul(tf.tensor2d(split.images, [split.count, PIXELS]), net.w).arraySync() as number[][]);
  let loss = 0;
  let correct = 0;
  z.forEach((row, r) => {
    const label = split.labels[r]!;
    const m = Math.max(...row);
    loss += m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[label]!;
    if (row.indexOf(m) === label) correct++;
  });
  return { loss, accuracy: correct / split.count };
}

async function withNetwork<T>(body: (net: LinearNetwork) => T | Promise<T>): Promise<T> {
  const net = new LinearNetwork();
  try {
    return await body(net);
  } finally {
    net.dispose();
  }
}

describe('ch4 evaluate: evaluate', () => {
  it('should equal the plain-JS summed loss and accuracy over the whole split', async () => {
    await fc.assert(
      fc.asyncProperty(COUNT, fc.integer({ min: 1, max: 40 }), (count, chunkSize) =>
        withNetwork(async (net) => {
          const split = syntheticSplit(count, count);
          const got = await evaluate(net, split, chunkSize);
          const expected = reference(net, split);
          expectAllClose([got.loss], [expected.loss], 1e-4);
          expect(got.accuracy, 'accuracy').toBeCloseTo(expected.accuracy, 6);
        }),
      ),
    );
  });

  it('should not depend on the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(COUNT, fc.integer({ min: 1, max: 40 }), (count, chunkSize) =>
        withNetwork(async (net) => {
          const split = syntheticSplit(count, 7);
          const whole = await evaluate(net, split);
          const chunked = await evaluate(net, split, chunkSize);
          expectAllClose([chunked.loss], [whole.loss], 1e-4);
          expect(chunked.accuracy).toBeCloseTo(whole.accuracy, 6);
        }),
      ),
    );
  });

  it('should weigh a short last chunk by its size, not average the chunks’ accuracies', async () => {
    await withNetwork(async (net) => {
      const split = syntheticSplit(5, 3);
      // Relabel so that the first 4 are right and the last is wrong: 4/5 = 0.8 (a mean of chunk accuracies says 0.5).
      const predicted = tf.tidy(() =>
        Array.from(tf.argMax(tf.matMul(tf.tensor2d(split.images, [5, PIXELS]), net.w), 1).dataSync()),
      );
      const labels = Uint8Array.from(predicted, (p, r) => (r < 4 ? p : (p + 1) % CLASSES));
      expect((await evaluate(net, { ...split, labels }, 4)).accuracy).toBeCloseTo(0.8, 6);
    });
  });

  it('should run one forward pass per chunk, in test mode', async () => {
    await withNetwork(async (net) => {
      await evaluate(net, syntheticSplit(10, 5), 4);
      expect(
        net.calls.map((c) => c.rows),
        'rows of each forward pass',
      ).toEqual([4, 4, 2]);
      expect(
        net.calls.every((c) => c.mode?.training === false),
        'every pass must say { training: false }, so that dropout is off',
      ).toBe(true);
    });
  });

  it('should leave no tensor behind', async () => {
    await withNetwork(async (net) => {
      const split = syntheticSplit(9, 2);
      const before = tf.memory().numTensors;
      await evaluate(net, split, 4);
      expect(tf.memory().numTensors - before, 'tensors left alive by evaluate: measure frees its own').toBe(0);
    });
  });
});
