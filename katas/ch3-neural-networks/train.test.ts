import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import bands from '../../fixtures/bands/ch3.json';
import { DivergedError } from '../../lib/errors';
import { RandomState } from '../../lib/numpy-random';
import {
  chanceAccuracy,
  CH3_BLOCKS,
  drawShuffled,
  meanInput,
  tensorsOf,
  type PointSet,
} from '../../lib/testing/classifier-data';
import { referenceSingleLayer } from '../../lib/testing/reference-nets';
import { expectAllClose, expectNoLeak, expectToRejectKind } from '../../lib/testing/tensors';
import { AWAIT_EVERY } from '../../lib/reads';
import { eventLoopTurnsDuring, expectKOfN, expectLearning, runSeeds } from '../../lib/testing/training';
import { gradientDescentStep, trainNetwork, type LogEntry } from './train';

/** Variable values and targets of the sizes the networks' weights take. */
const VALUE = fc.double({ min: -10, max: 10, noNaN: true });
const VECTOR = fc
  .integer({ min: 1, max: 6 })
  .chain((n) =>
    fc.tuple(fc.array(VALUE, { minLength: n, maxLength: n }), fc.array(VALUE, { minLength: n, maxLength: n })),
  );
/** Step sizes from the book's 0.001 up to 0.4: below 0.5, a step on Σ(v − c)² cannot overshoot. */
const RATE = fc.double({ min: 0.001, max: 0.4, noNaN: true });
/** v − lr·2(v − c) in float32: a few roundings of numbers below 100. */
const STEP_TOL = 1e-5;

const BOOK_SET = drawShuffled(new RandomState(20180311), CH3_BLOCKS);
const MULT = meanInput(BOOK_SET);
/** At the book's start every p is 0.5: the loss is 65·ln 2. */
const LOSS_AT_START = BOOK_SET.t.length * Math.LN2;

/** The quadratic Σ(v − c)², whose gradient 2(v − c) is known in plain JS. */
function quadratic(v: tf.Variable, c: readonly number[]): () => tf.Scalar {
  return () => tf.tidy(() => tf.sum(tf.square(tf.sub(v, tf.tensor1d([...c])))) as tf.Scalar);
}

async function trainReference(
  set: PointSet,
  seed: number,
  steps: number,
  logEvery: number,
  onLog?: (e: LogEntry) => void,
): Promise<LogEntry[]> {
  const { x, t } = tensorsOf(set);
  const network = referenceSingleLayer(
    bands.short.train.units,
    bands.short.train.activation as 'tanh' | 'relu',
    MULT,
    seed,
  );
  try {
    return await trainNetwork({ network, x, t, steps, logEvery, onLog });
  } finally {
    network.dispose();
    tf.dispose([x, t]);
  }
}

describe('ch3 train: gradientDescentStep and trainNetwork', () => {
  it('should move every variable by −learningRate·gradient, as plain JS computes it for Σ(v − c)²', () => {
    fc.assert(
      fc.property(VECTOR, RATE, ([v0, c], lr) => {
        const v = tf.variable(tf.tensor1d(v0));
        gradientDescentStep(quadratic(v, c), [v], lr);
        const expected = v0.map((vi, i) => Math.fround(vi) - lr * 2 * (Math.fround(vi) - Math.fround(c[i]!)));
        expectAllClose(v.dataSync(), expected, STEP_TOL);
        v.dispose();
      }),
    );
  });

  it('should lower the loss it is given, for a small enough step', () => {
    fc.assert(
      fc.property(VECTOR, RATE, ([v0, c], lr) => {
        const v = tf.variable(tf.tensor1d(v0));
        const loss = quadratic(v, c);
        const before = tf.tidy(() => loss().dataSync()[0]!);
        gradientDescentStep(loss, [v], lr);
        const after = tf.tidy(() => loss().dataSync()[0]!);
        v.dispose();
        expect(
          after,
          `the loss went from ${before} to ${after}: is the step taken against the gradient?`,
        ).toBeLessThanOrEqual(before);
      }),
    );
  });

  it('should leave alone the variables it is not given', () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const b = tf.variable(tf.tensor1d([3, 4]));
    gradientDescentStep(() => tf.tidy(() => tf.add(tf.sum(tf.square(a)), tf.sum(tf.square(b))) as tf.Scalar), [a], 0.1);
    expect(Array.from(b.dataSync())).toEqual([3, 4]);
    expect(Array.from(a.dataSync())).not.toEqual([1, 2]);
    tf.dispose([a, b]);
  });

  it('should leave no tensor behind', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const loss = quadratic(v, [0, 0, 0]);
    expectNoLeak(() => gradientDescentStep(loss, [v], 0.01));
    v.dispose();
  });

  it('should lower the loss below 65·ln 2, its value at the start, without getting stuck at chance', async () => {
    expectLearning(await trainReference(BOOK_SET, 1, 300, 100), {
      startLoss: LOSS_AT_START,
      chance: chanceAccuracy(BOOK_SET.t),
    });
  });

  it(`should yield to the event loop every ${AWAIT_EVERY} steps between reads (WebGPU frees work then)`, async () => {
    // One read, at the last step: only the loop's own yields let the event loop turn.
    const steps = 2 * AWAIT_EVERY + 50;
    const turns = await eventLoopTurnsDuring(() => trainReference(BOOK_SET, 1, steps, steps));
    expect(turns, `event-loop turns during ${steps} steps with no read in between`).toBeGreaterThanOrEqual(2);
  });

  it('should log loss and accuracy every logEvery steps and after the last, and report each to onLog', async () => {
    const seen: LogEntry[] = [];
    const log = await trainReference(BOOK_SET, 1, 25, 10, (e) => seen.push(e));
    expect(log.map((e) => e.step)).toEqual([10, 20, 25]);
    expect(seen).toEqual(log);
  });

  const short = bands.short.train;
  it(
    `should train the book's network: ${short.k} of ${short.seeds.length} seeds inside the solutions' ` +
      `accuracy band after ${short.steps} steps`,
    async () => {
      const outcomes = await runSeeds(short.seeds, async (seed) => {
        const log = await trainReference(BOOK_SET, seed, short.steps, short.steps);
        expectLearning(log, { startLoss: LOSS_AT_START });
        return log;
      });
      expectKOfN(outcomes, short.k, 'accuracy', short.accuracy, chanceAccuracy(BOOK_SET.t));
    },
  );

  it('should stop with a DivergedError when the loss is not a number', async () => {
    const poisoned = { x: [[Number.NaN, 1], ...BOOK_SET.x.slice(1)], t: BOOK_SET.t };
    await expectToRejectKind(() => trainReference(poisoned, 1, 3, 1), DivergedError);
  });
});
