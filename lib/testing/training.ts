/**
 * Judging a training run in a kata test, so that a failure says what kind of wrong it is: a loss
 * that is NaN or infinite, a loss that does not fall, an accuracy stuck at chance, or a result outside
 * the band the reference solutions reach over several seeds ("k of n seeds inside the band").
 */
import { expect } from 'vitest';
import { DivergedError } from '../errors';

export interface TrainingPoint {
  step: number;
  loss: number;
  accuracy?: number;
}

export interface Band {
  min: number;
  max: number;
}

/**
 * A float32 loss summed over at most a few thousand points rounds by about 1e-7 relative per
 * operation; a loss within this of its starting value has not moved at all.
 */
export const UNCHANGED_REL_TOL = 1e-5;

/** Accuracy this close to chance means the model learned nothing: a few points of a small set. */
export const CHANCE_MARGIN = 0.02;

/**
 * Runs `body` and counts the turns the event loop got while it ran: a loop that never awaits a
 * macrotask (`tf.nextFrame`) allows none. On the CPU backends a read (`await tensor.data()`) settles
 * as a microtask, so the count is the loop's own yields, at least one each.
 */
export async function eventLoopTurnsDuring(body: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await body();
  } finally {
    running = false;
  }
  return turns;
}

/** The outcome of one seeded run: its log, or the divergence that stopped it. */
export type SeedOutcome = { seed: number; log: TrainingPoint[] } | { seed: number; diverged: DivergedError };

/** Runs `train` once per seed, turning a DivergedError into an outcome instead of an exception. */
export async function runSeeds(
  seeds: readonly number[],
  train: (seed: number) => TrainingPoint[] | Promise<TrainingPoint[]>,
): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  for (const seed of seeds) {
    try {
      outcomes.push({ seed, log: await train(seed) });
    } catch (error) {
      if (error instanceof DivergedError) outcomes.push({ seed, diverged: error });
      else throw error;
    }
  }
  return outcomes;
}

const nanLossMessage = (loss: number, step: number) =>
  `the loss is ${loss} at step ${step}: a NaN or infinite loss. Is log() taking a probability of exactly 0 or 1 ` +
  `(clip it), is the sigmoid missing, or did the update diverge?`;

/**
 * Fails, naming the kind of wrong, unless the loss stays finite and ends below `startLoss` and the
 * final accuracy (when logged) is clearly above `chance`.
 */
export function expectLearning(
  log: readonly TrainingPoint[],
  { startLoss, chance }: { startLoss: number; chance?: number },
): void {
  expect(log.length, 'the training loop recorded no log entries').toBeGreaterThan(0);
  const broken = log.find((e) => !Number.isFinite(e.loss));
  if (broken) expect.fail(nanLossMessage(broken.loss, broken.step));
  const last = log.at(-1)!;
  if (Math.abs(last.loss - startLoss) <= UNCHANGED_REL_TOL * startLoss)
    expect.fail(
      `the loss is ${last.loss} after ${last.step} steps, exactly its value at the start (${startLoss}): the ` +
        'parameters never change. Is the update applied to the variables at every step?',
    );
  if (!(last.loss < startLoss)) {
    expect.fail(
      `the loss does not fall: ${startLoss.toFixed(4)} at the start, ${last.loss.toFixed(4)} after ${last.step} ` +
        `steps. Is the update applied to every variable, against the gradient (w − lr·g, not w + lr·g)?`,
    );
  }
  if (chance !== undefined && last.accuracy !== undefined && last.accuracy <= chance + CHANCE_MARGIN) {
    expect.fail(
      `the accuracy is stuck at chance: ${last.accuracy.toFixed(4)} after ${last.step} steps, where always answering ` +
        `the larger class scores ${chance.toFixed(4)}. Does the prediction depend on x, and does accuracy compare ` +
        `sign(p − 0.5) with sign(t − 0.5)?`,
    );
  }
}

/**
 * "k of n seeds inside the band": at least `k` of the runs must put `metric` of their last log entry
 * in [band.min, band.max]. The message lists every seed, and names NaN losses and divergence, and
 * an accuracy no better than `chance` on every seed.
 */
export function expectKOfN(
  outcomes: readonly SeedOutcome[],
  k: number,
  metric: 'loss' | 'accuracy',
  band: Band,
  chance?: number,
): void {
  const rows = outcomes.map((o) => {
    if ('diverged' in o) return { seed: o.seed, inside: false, text: `diverged (${o.diverged.message})` };
    const last = o.log.at(-1);
    const value = last?.[metric];
    if (value === undefined) return { seed: o.seed, inside: false, text: 'no log entry' };
    if (!Number.isFinite(last!.loss))
      return { seed: o.seed, inside: false, text: `NaN or infinite loss (${last!.loss})` };
    const inside = value >= band.min && value <= band.max;
    return {
      seed: o.seed,
      inside,
      text: `${value.toFixed(4)}${inside ? '' : value < band.min ? ' (below)' : ' (above)'}`,
    };
  });
  const inside = rows.filter((r) => r.inside).length;
  if (inside < k) {
    const detail = rows.map((r) => `seed ${r.seed}: ${r.text}`).join('; ');
    const nan = rows.find((r) => r.text.startsWith('NaN') || r.text.startsWith('diverged'));
    const kind = nan ? ' Some runs have a NaN or infinite loss: see the loss kata and the learning rate.' : '';
    const finals = outcomes.map((o) => ('log' in o ? o.log.at(-1)?.accuracy : undefined));
    if (chance !== undefined && finals.every((a) => a !== undefined && a <= chance + CHANCE_MARGIN))
      expect.fail(
        `the accuracy is stuck at chance on every seed: always answering the larger class scores ` +
          `${chance.toFixed(4)}. Does the prediction depend on x? ${detail}`,
      );
    expect.fail(
      `only ${inside} of ${rows.length} seeds put the final ${metric} inside the solutions' band [${band.min}, ` +
        `${band.max}]; at least ${k} must.${kind} ${detail}`,
    );
  }
}
