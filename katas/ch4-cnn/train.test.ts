import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import bands from '../../fixtures/bands/ch4.json';
import { chooseBackend, parseBackendName } from '../../lib/backend';
import { DivergedError } from '../../lib/errors';
import { MnistBatcher } from '../../lib/mnist/batches';
import { loadMnist, sliceSplit, type MnistSplit } from '../../lib/mnist/load';
import { toTensors } from '../../lib/mnist/tensors';
import { RandomState } from '../../lib/numpy-random';
import { expectToRejectKind } from '../../lib/testing/tensors';
import { Tf1Adam } from '../../lib/tf1-adam';
import { evaluate } from './evaluate';
import { crossEntropy } from './loss';
import { createSingleConvNetwork, type SingleConvNetwork } from './network';
import { LOSS_READ_EVERY, trainClassifier, trainStep, type LogEntry, type TrainOptions } from './train';

const short = bands.short;
/** A network small enough that a step takes milliseconds: the loop is graded here, not the network's size. */
const TINY = { filters: 2, hiddenUnits: 16 };
/**
 * Each early Adam step moves a weight by about the learning rate whatever the gradient, so a few steps
 * of 1e38 carry the output biases past float32's largest number, 3.4e38, and the loss stops being finite.
 */
const OVERFLOWING_LEARNING_RATE = 1e38;
/** Ten classes: a network that learned nothing scores about 1 in 10. */
const CHANCE = 0.1;

let train: MnistSplit;
let test: MnistSplit;

beforeAll(async () => {
  // Training a convolution network is a large job: use the backend `npm run solve` would (wasm
  // unless TFJS_BACKEND names one), as the bands were measured there.
  await chooseBackend(parseBackendName(process.env.TFJS_BACKEND), 'large');
  const mnist = loadMnist();
  train = sliceSplit(mnist.train, 0, short.trainExamples);
  test = sliceSplit(mnist.test, 0, short.testExamples);
});

function run(network: SingleConvNetwork, seed: number, options: Partial<TrainOptions>) {
  return trainClassifier({
    network,
    batches: new MnistBatcher(train, new RandomState(seed)),
    steps: 10,
    batchSize: short.batchSize,
    learningRate: short.learningRate,
    ...options,
  });
}

async function withNetwork<T>(seed: number, body: (net: SingleConvNetwork) => T | Promise<T>, size = TINY): Promise<T> {
  const net = createSingleConvNetwork({ ...size, seed });
  try {
    return await body(net);
  } finally {
    net.dispose();
  }
}

/** Names what kind of wrong a final accuracy shows. */
function diagnose(accuracy: number | undefined): string {
  if (accuracy === undefined || Number.isNaN(accuracy)) return 'no accuracy was measured';
  if (accuracy <= CHANCE + 0.05) return 'accuracy at chance: the updates do not reach the network';
  if (accuracy < short.testAccuracy.min) return 'below the band: learning, but too slowly';
  if (accuracy > short.testAccuracy.max) return 'above the band: not the book’s configuration';
  return 'in the band';
}

describe('ch4 train: trainStep and trainClassifier', () => {
  it('should return the batch’s loss before the update', async () => {
    await withNetwork(1, (net) => {
      const batch = new MnistBatcher(train, new RandomState(1)).nextBatch(short.batchSize);
      const before = tf.tidy(() => {
        const { xs, ys } = toTensors(batch);
        return crossEntropy(net.logits(xs), ys).dataSync()[0]!;
      });
      const optimizer = new Tf1Adam({ learningRate: short.learningRate });
      const loss = trainStep(net, optimizer, batch, 1);
      optimizer.dispose();
      expect(loss, 'trainStep should return the cost tensor that minimize hands back').toBeInstanceOf(tf.Tensor);
      expect(loss.shape, 'the loss is a scalar, shape []').toEqual([]);
      expect(loss.isDisposed, 'the caller reads the loss: trainStep must not dispose it').toBe(false);
      expect(loss.dataSync()[0], 'trainStep should return the summed cross-entropy of the batch').toBeCloseTo(
        before,
        3,
      );
      loss.dispose();
    });
  });

  it('should change every variable within two steps', async () => {
    // Step 1 moves only w0 and b0: with the book's w0 = 0 the logits do not depend on the layers below yet.
    await withNetwork(2, (net) => {
      const before = net.variables.map((v) => v.arraySync());
      const optimizer = new Tf1Adam({ learningRate: short.learningRate });
      const batches = new MnistBatcher(train, new RandomState(2));
      tf.dispose([
        trainStep(net, optimizer, batches.nextBatch(short.batchSize), 1),
        trainStep(net, optimizer, batches.nextBatch(short.batchSize), 2),
      ]);
      optimizer.dispose();
      net.variables.forEach((v, i) =>
        expect(v.arraySync(), `variable ${i} (shape [${v.shape}]) after two Adam steps`).not.toEqual(before[i]),
      );
    });
  });

  it('should leave no tensor behind across a step', async () => {
    await withNetwork(3, (net) => {
      const batches = new MnistBatcher(train, new RandomState(3));
      const optimizer = new Tf1Adam({ learningRate: short.learningRate });
      trainStep(net, optimizer, batches.nextBatch(short.batchSize), 1).dispose(); // Adam creates its slots here.
      const before = tf.memory().numTensors;
      const loss = trainStep(net, optimizer, batches.nextBatch(short.batchSize), 2);
      const leaked = tf.memory().numTensors - before - 1;
      loss.dispose();
      optimizer.dispose();
      expect(leaked, 'tensors left by one training step besides its loss: dispose the batch tensors (xs, ys)').toBe(0);
    });
  });

  it('should lower the loss over the first steps', async () => {
    await withNetwork(4, async (net) => {
      const losses: number[] = [];
      await run(net, 4, { steps: 60, onStep: (_, loss) => losses.push(loss) });
      const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
      const [first, last] = [mean(losses.slice(0, 10)), mean(losses.slice(-10))];
      expect(
        last,
        `loss not falling: mean batch loss ${first.toFixed(1)} over steps 1–10, ${last.toFixed(1)} over steps 51–60`,
      ).toBeLessThan(first);
    });
  });

  it('should record an evaluation every evaluateEvery steps and after the last step', async () => {
    await withNetwork(5, async (net) => {
      let evaluations = 0;
      const seen: LogEntry[] = [];
      const { log } = await run(net, 5, {
        steps: 25,
        evaluateEvery: 10,
        evaluate: () => ({ loss: ++evaluations, accuracy: 0.5 }),
        onLog: (e) => seen.push(e),
      });
      expect(log.map((e) => [e.step, e.testLoss])).toEqual([
        [10, 1],
        [20, 2],
        [25, 3],
      ]);
      expect(seen, 'onLog sees each entry as it is recorded').toEqual(log);
    });
  });

  it('should report every step’s batch loss to onStep, in order', async () => {
    // More steps than are read back at once, and a count that leaves a short last read.
    const steps = 2 * LOSS_READ_EVERY + 3;
    await withNetwork(6, async (net) => {
      const seen: number[] = [];
      await run(net, 6, { steps, onStep: (step, loss) => Number.isFinite(loss) && seen.push(step) });
      expect(seen).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    });
  });

  it('should read the batch losses back LOSS_READ_EVERY steps at a time, and at each evaluation', async () => {
    const [steps, evaluateEvery] = [2 * LOSS_READ_EVERY + 7, LOSS_READ_EVERY + 5];
    await withNetwork(10, async (net) => {
      const reported: number[] = [];
      const reportedBeforeStep: number[] = [];
      const batcher = new MnistBatcher(train, new RandomState(10));
      const batches = {
        nextBatch: (size: number) => {
          reportedBeforeStep.push(reported.length);
          return batcher.nextBatch(size);
        },
      };
      await run(net, 10, { steps, evaluateEvery, batches, onStep: (step) => reported.push(step) });
      // The documented rule, step by step: read when LOSS_READ_EVERY losses wait, or at an evaluation.
      const expected: number[] = [];
      let read = 0;
      for (let step = 1, waiting = 0; step <= steps; step++) {
        expected.push(read);
        waiting++;
        if (waiting === LOSS_READ_EVERY || step % evaluateEvery === 0 || step === steps) [read, waiting] = [step, 0];
      }
      expect(reportedBeforeStep, 'steps reported to onStep when each batch is fetched').toEqual(expected);
      expect(reported).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    });
  });

  it('should log at each evaluation the loss of that very step, and nowhere else', async () => {
    await withNetwork(11, async (net) => {
      const losses = new Map<number, number>();
      // Losses are also read between evaluations (at step 20 and 45): those reads log nothing.
      const [steps, evaluateEvery] = [2 * LOSS_READ_EVERY + 7, LOSS_READ_EVERY + 5];
      const { log } = await run(net, 11, { steps, evaluateEvery, onStep: (s, l) => losses.set(s, l) });
      expect(log.map((e) => [e.step, e.loss])).toEqual([evaluateEvery, steps].map((s) => [s, losses.get(s)]));
    });
  });

  it('should run the network in training mode, telling it the step (chapter 5 seeds dropout with it)', async () => {
    await withNetwork(12, async (net) => {
      const modes: unknown[] = [];
      const watched = {
        ...net,
        logits: (xs: tf.Tensor2D, mode?: unknown) => {
          modes.push(mode);
          return net.logits(xs, mode as never);
        },
      };
      await run(net, 12, { steps: 3, network: watched });
      expect(modes).toEqual([1, 2, 3].map((step) => ({ training: true, step })));
    });
  });

  it('should be reproducible: the same seeds give the same losses', async () => {
    const losses = () =>
      withNetwork(7, async (net) => (await run(net, 7, { steps: 5, evaluateEvery: 1 })).log.map((e) => e.loss));
    expect(await losses()).toEqual(await losses());
  });

  it('should stop with a DivergedError when the loss overflows', async () => {
    await withNetwork(8, (net) =>
      expectToRejectKind(() => run(net, 8, { steps: 50, learningRate: OVERFLOWING_LEARNING_RATE }), DivergedError),
    );
  });

  it('should leave no tensor behind after a whole run', async () => {
    await withNetwork(9, async (net) => {
      const before = tf.memory().numTensors;
      await run(net, 9, { steps: 3 });
      expect(tf.memory().numTensors - before, 'tensors left alive by a training run (Adam’s slots included)').toBe(0);
    });
  });

  it(
    `should reach the band measured on the solutions in ${short.required} of ${short.seeds.length} ` +
      `seeds (${short.steps} steps on ${short.trainExamples} images)`,
    async () => {
      const results: { seed: number; loss: number; accuracy: number | undefined }[] = [];
      for (const seed of short.seeds) {
        const { log } = await withNetwork(
          seed,
          (net) =>
            run(net, seed, {
              steps: short.steps,
              evaluateEvery: short.steps,
              evaluate: () => evaluate(net, test, short.evalChunk),
            }),
          short.network,
        );
        const final = log.at(-1)!;
        results.push({ seed, loss: final.loss, accuracy: final.testAccuracy });
      }
      const inBand = results.filter(
        (r) => r.accuracy !== undefined && r.accuracy >= short.testAccuracy.min && r.accuracy <= short.testAccuracy.max,
      );
      const report = results
        .map(
          (r) =>
            `seed ${r.seed}: test accuracy ${r.accuracy?.toFixed(3)} (${diagnose(r.accuracy)}), last batch ` +
            `loss ${r.loss.toFixed(2)}`,
        )
        .join('; ');
      expect(
        inBand.length,
        `${inBand.length} of ${results.length} seeds in [${short.testAccuracy.min}, ` +
          `${short.testAccuracy.max}]: ${report}`,
      ).toBeGreaterThanOrEqual(short.required);
    },
  );
});
