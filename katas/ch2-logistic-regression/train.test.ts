import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import bands from '../../fixtures/bands/ch2.json';
import { DivergedError } from '../../lib/errors';
import { RandomState } from '../../lib/numpy-random';
import { chanceAccuracy, CH2_BLOCKS, drawShuffled, tensorsOf, type PointSet } from '../../lib/testing/classifier-data';
import { expectNoTrainingLeak, expectToRejectKind } from '../../lib/testing/tensors';
import { AWAIT_EVERY } from '../../lib/reads';
import { eventLoopTurnsDuring, expectKOfN, expectLearning, runSeeds } from '../../lib/testing/training';
import { trainClassifier, type LogEntry, type TrainOptions } from './train';

/** The book's 35 points, drawn here from RandomState so that only the training loop is graded. */
const BOOK_SET = drawShuffled(new RandomState(20180311), CH2_BLOCKS);
/**
 * TF 1.x Adam's first step moves every parameter by lr·g/(|g| + ε/√(1 − β2)), so by the learning
 * rate itself wherever the gradient is not tiny: after one step from zero, |w0| is the rate to 3 digits.
 */
const FIRST_STEP_REL_TOL = 1e-3;
/** The book's Adam step size. */
const BOOK_LEARNING_RATE = 0.001;

/** At w = 0, w0 = 0 every p is 0.5: the loss is N·ln 2, the value every correct run must improve on. */
const LOSS_AT_ZERO = BOOK_SET.t.length * Math.LN2;

async function train(set: PointSet, options: Omit<TrainOptions, 'x' | 't'>) {
  const { x, t } = tensorsOf(set);
  try {
    const result = await trainClassifier({ x, t, ...options });
    const params = { w: Array.from(result.w.dataSync()), w0: result.w0.dataSync()[0]! };
    tf.dispose([result.w, result.w0]);
    return { log: result.log, params };
  } finally {
    tf.dispose([x, t]);
  }
}

describe('ch2 train: trainClassifier', () => {
  it('should lower the loss below N·ln 2, its value at the zero start, without getting stuck at chance', async () => {
    const { log } = await train(BOOK_SET, { steps: 300, logEvery: 100 });
    expectLearning(log, { startLoss: LOSS_AT_ZERO, chance: chanceAccuracy(BOOK_SET.t) });
  });

  it('should update the bias w0 as well as the weights w', async () => {
    const { params } = await train(BOOK_SET, { steps: 50, logEvery: 50 });
    expect(params.w0, 'w0 is still 0 after 50 steps: pass both w and w0 to the optimizer').not.toBe(0);
    expect(
      params.w.some((v) => v !== 0),
      'w is still 0 after 50 steps',
    ).toBe(true);
  });

  it(`should yield to the event loop every ${AWAIT_EVERY} steps between reads (WebGPU frees work then)`, async () => {
    // One read, at the last step: only the loop's own yields let the event loop turn.
    const steps = 2 * AWAIT_EVERY + 50;
    const turns = await eventLoopTurnsDuring(() => train(BOOK_SET, { steps, logEvery: steps }));
    expect(turns, `event-loop turns during ${steps} steps with no read in between`).toBeGreaterThanOrEqual(2);
  });

  it('should record loss and accuracy every logEvery steps and after the last step', async () => {
    const { log } = await train(BOOK_SET, { steps: 250, logEvery: 100 });
    expect(log.map((e) => e.step)).toEqual([100, 200, 250]);
    expect(log.every((e) => e.accuracy >= 0 && e.accuracy <= 1)).toBe(true);
  });

  it('should report each recorded entry to onLog and every step to afterStep', async () => {
    const seen: LogEntry[] = [];
    const steps: number[] = [];
    const { log } = await train(BOOK_SET, {
      steps: 30,
      logEvery: 10,
      onLog: (e) => seen.push(e),
      afterStep: (step) => void steps.push(step),
    });
    expect(seen).toEqual(log);
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it(`should reach the solutions' loss and accuracy on the book's data, ${bands.short.book.steps} steps`, async () => {
    const { steps, loss, accuracy } = bands.short.book;
    const { log } = await train(BOOK_SET, { steps, logEvery: steps });
    expectLearning(log, { startLoss: LOSS_AT_ZERO, chance: chanceAccuracy(BOOK_SET.t) });
    const last = log.at(-1)!;
    expect(
      last.loss,
      `loss ${last.loss.toFixed(4)} after ${steps} steps; the solutions land in [${loss.min}, ` +
        `${loss.max}] (a mean instead of a sum? Adam with other settings?)`,
    ).toBeGreaterThanOrEqual(loss.min);
    expect(
      last.loss,
      `loss ${last.loss.toFixed(4)} after ${steps} steps; the solutions land in [${loss.min}, ${loss.max}]`,
    ).toBeLessThanOrEqual(loss.max);
    expect(
      last.accuracy,
      `accuracy after ${steps} steps; the solutions land in [${accuracy.min}, ${accuracy.max}]`,
    ).toBeGreaterThanOrEqual(accuracy.min);
  });

  it(
    `should classify fresh draws of the book's classes: ${bands.short.seeds.k} of ` +
      `${bands.short.seeds.seeds.length} data seeds inside the solutions' accuracy band`,
    async () => {
      const { steps, seeds, k, accuracy } = bands.short.seeds;
      const outcomes = await runSeeds(
        seeds,
        async (seed) => (await train(drawShuffled(new RandomState(seed), CH2_BLOCKS), { steps, logEvery: steps })).log,
      );
      expectKOfN(outcomes, k, 'accuracy', accuracy, chanceAccuracy(BOOK_SET.t));
    },
  );

  it("should take Adam steps of the learning rate it is given, the book's 0.001 by default", async () => {
    for (const [learningRate, expected] of [
      [undefined, BOOK_LEARNING_RATE],
      [0.05, 0.05],
    ] as const) {
      const { params } = await train(BOOK_SET, { steps: 1, logEvery: 1, learningRate });
      expect(Math.abs(params.w0), `|w0| after one step at learning rate ${learningRate ?? 'default'}`).toBeCloseTo(
        expected,
        -Math.log10(expected * FIRST_STEP_REL_TOL),
      );
    }
  });

  it('should free w and w0 when it stops with a DivergedError', async () => {
    const poisoned = { x: [[Number.NaN, 1], ...BOOK_SET.x.slice(1)], t: BOOK_SET.t };
    const before = tf.memory().numTensors;
    await expectToRejectKind(() => train(poisoned, { steps: 5, logEvery: 1 }), DivergedError);
    expect(tf.memory().numTensors - before, 'tensors left alive by a training run that diverged').toBe(0);
  });

  it('should stop with a DivergedError when the loss is not a number', async () => {
    const poisoned = { x: [[Number.NaN, 1], ...BOOK_SET.x.slice(1)], t: BOOK_SET.t };
    await expectToRejectKind(() => train(poisoned, { steps: 5, logEvery: 1 }), DivergedError);
  });

  it('should leave no tensor behind but the parameters it returns', async () => {
    await expectNoTrainingLeak(20, (steps) => train(BOOK_SET, { steps, logEvery: 10 }));
  });
});
