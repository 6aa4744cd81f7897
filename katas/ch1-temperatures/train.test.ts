import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import bands from '../../fixtures/bands/ch1.json';
import { DivergedError } from '../../lib/errors';
import { expectNoTrainingLeak, expectToRejectKind } from '../../lib/testing/tensors';
import { eventLoopTurnsDuring, expectLearning } from '../../lib/testing/training';
import { AWAIT_EVERY } from '../../lib/reads';
import { featureMatrix, MONTHLY_TEMPERATURES, MONTHS, temperatureTargets } from './data';
import { trainRegression, type LogEntry } from './train';

/** The loss at w = 0 is Σt², the value every correct run must improve on. */
const LOSS_AT_ZERO = MONTHLY_TEMPERATURES.reduce((s, v) => s + v * v, 0);
/**
 * The solutions' loss after 200 steps is 414, 88% below Σt² = 3443. Asking for half leaves any
 * correct Adam loop a wide margin, and is far beyond float32's rounding of a loss that never moved
 * (3442.969970703125 in float32 against 3442.97 in float64).
 */
const MIN_DROP_IN_200_STEPS = 0.5;
/** A step size so large that the prediction overflows float32 within a few updates. */
const OVERFLOWING_LEARNING_RATE = 1e30;

/** Builds the book's data from the solution-independent constants, so only the training loop is graded here. */
function bookData(): { x: tf.Tensor2D; t: tf.Tensor2D } {
  const rows = MONTHS.flatMap((m) => [1, m, m ** 2, m ** 3, m ** 4]);
  return { x: tf.tensor2d(rows, [12, 5]), t: temperatureTargets() };
}

async function train(
  steps: number,
  logEvery: number,
  extra: { learningRate?: number; onLog?: (e: LogEntry) => void } = {},
) {
  const { x, t } = bookData();
  try {
    const result = await trainRegression({ x, t, steps, logEvery, ...extra });
    const w = Array.from(result.w.dataSync());
    result.w.dispose();
    return { log: result.log, w };
  } finally {
    tf.dispose([x, t]);
  }
}

describe('ch1 train: trainRegression', () => {
  it('should lower the loss to less than half its value at w = 0 within 200 steps', async () => {
    const { log } = await train(200, 200);
    expectLearning(log, { startLoss: LOSS_AT_ZERO });
    expect(
      log[0]!.loss,
      `the loss after 200 steps is ${log[0]!.loss}; Σt² at w = 0 is ${LOSS_AT_ZERO.toFixed(2)} and the solutions ` +
        'reach 414. Is the optimizer step applied to w at every step?',
    ).toBeLessThan(LOSS_AT_ZERO * (1 - MIN_DROP_IN_200_STEPS));
  });

  it('should keep lowering the loss over the first thousand steps', async () => {
    const losses = (await train(1000, 200)).log.map((e) => e.loss);
    losses
      .slice(1)
      .forEach((loss, i) => expect(loss, `loss at step ${(i + 2) * 200} vs the one before`).toBeLessThan(losses[i]!));
  });

  it(`should yield to the event loop every ${AWAIT_EVERY} steps between reads (WebGPU frees work then)`, async () => {
    // One read, at the last step: only the loop's own yields let the event loop turn.
    const steps = 2 * AWAIT_EVERY + 50;
    const turns = await eventLoopTurnsDuring(() => train(steps, steps));
    expect(turns, `event-loop turns during ${steps} steps with no read in between`).toBeGreaterThanOrEqual(2);
  });

  it('should record the loss every logEvery steps and after the last step', async () => {
    expect((await train(250, 100)).log.map((e) => e.step)).toEqual([100, 200, 250]);
  });

  it('should report each recorded entry to onLog as it happens', async () => {
    const seen: LogEntry[] = [];
    const { log } = await train(300, 100, { onLog: (e) => seen.push(e) });
    expect(seen).toEqual(log);
  });

  it(`should reach the band measured on the solutions after ${bands.short.steps} steps`, async () => {
    const { log } = await train(bands.short.steps, bands.short.steps);
    const loss = log.at(-1)!.loss;
    expect(Number.isFinite(loss), `the loss is ${loss}: the update diverged`).toBe(true);
    expect(
      loss,
      `loss ${loss.toFixed(3)} after ${bands.short.steps} steps; the solutions land in ` +
        `[${bands.short.loss.min}, ${bands.short.loss.max}]`,
    ).toBeGreaterThanOrEqual(bands.short.loss.min);
    expect(loss).toBeLessThanOrEqual(bands.short.loss.max);
  });

  it('should stop with a DivergedError when the loss overflows', async () => {
    await expectToRejectKind(() => train(50, 10, { learningRate: OVERFLOWING_LEARNING_RATE }), DivergedError);
  });

  it('should leave no tensor behind but the parameters it returns', async () => {
    await expectNoTrainingLeak(20, (steps) => train(steps, 10));
  });

  it('should fit parameters of shape [K, 1] for any number of features', async () => {
    const x = featureMatrix(MONTHS, 2);
    const t = temperatureTargets();
    const { w } = await trainRegression({ x, t, steps: 5, logEvery: 5 });
    expect(w.shape, 'the shape of w for 3 features').toEqual([3, 1]);
    tf.dispose([x, t, w]);
  });
});
