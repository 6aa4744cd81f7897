/**
 * `npx tsx scripts/measure-bands-ch23.ts [--seeds N] [--backend B] [--out FILE]`: measures the
 * numbers that fixtures/bands/ch2.json and ch3.json hold the chapter 2 and 3 solutions to.
 *
 * Chapter 2 is deterministic for a given dataset (zeros init), so it is measured over datasets: the
 * book's, and the same blocks drawn from RandomState(1..N). Chapter 3 draws its initial weights from a
 * seeded truncated normal, so each configuration is measured over init seeds 1..N and the book's
 * seed, on the book's data. Prints one line per run and writes every number as JSON.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, parseBackendName, quietTensorFlow } from '../lib/backend';
import { runCli } from '../lib/cli';
import { RandomState } from '../lib/numpy-random';
import { toTensors, type LabelledSet } from '../solutions/ch2-logistic-regression/data';
import { bookTrainingSet, splitExperimentSet } from '../solutions/ch2-logistic-regression/dataset';
import { splitTrainTest } from '../solutions/ch2-logistic-regression/split';
import { evaluate as evaluateCh2, trainClassifier } from '../solutions/ch2-logistic-regression/train';
import { bookDataset, inputMean, xorDataset } from '../solutions/ch3-neural-networks/data';
import { singleLayerNetwork, type Activation, type Network } from '../solutions/ch3-neural-networks/network';
import { trainNetwork, type LogEntry } from '../solutions/ch3-neural-networks/train';
import { twoLayerNetwork } from '../solutions/ch3-neural-networks/two-layer';

const HELP = `Usage: npx tsx scripts/measure-bands-ch23.ts [--seeds N] [--backend B] [--out FILE] [--only ch2|ch3]`;

/** The step counts the kata tests train for (they read them back from the fixtures). */
export const CH2_TEST_STEPS = { book: 2000, seeds: 800 };
export const CH3_TEST_STEPS = { single: 500, xor: 400 };
const CH2_BOOK_STEPS = 20000;
const CH2_SPLIT_STEPS = 2500;
const CH3_BOOK_STEPS = { single: 1000, xor: 5000 };
const BOOK_SEED = 20180311;

const round = (v: number, digits = 6) => Number(v.toFixed(digits));

function trainCh2(set: LabelledSet, steps: number, logEvery: number) {
  const { x, t } = toTensors(set);
  const { w, w0, log } = trainClassifier({ x, t, steps, logEvery });
  const params = { w0: w0.dataSync()[0]!, w1: w.dataSync()[0]!, w2: w.dataSync()[1]! };
  tf.dispose([x, t, w, w0]);
  return { log, params };
}

function measureCh2(seeds: number[], print: (line: string) => void) {
  const book = trainCh2(bookTrainingSet(), CH2_BOOK_STEPS, 4000);
  print(`ch2 book: ${JSON.stringify(book)}`);
  const shortBook = trainCh2(bookTrainingSet(), CH2_TEST_STEPS.book, CH2_TEST_STEPS.book).log.at(-1)!;
  print(`ch2 book data, ${CH2_TEST_STEPS.book} steps: ${JSON.stringify(shortBook)}`);
  const seedRuns = seeds.map((seed) => {
    const final = trainCh2(bookTrainingSet(new RandomState(seed)), CH2_TEST_STEPS.seeds, CH2_TEST_STEPS.seeds).log.at(
      -1,
    )!;
    print(
      `ch2 data seed ${seed}, ${CH2_TEST_STEPS.seeds} steps: loss ${final.loss.toFixed(4)} accuracy ${final.accuracy.toFixed(4)}`,
    );
    return { seed, loss: round(final.loss), accuracy: round(final.accuracy) };
  });
  const split = [BOOK_SEED, ...seeds].map((seed) => {
    const rs = new RandomState(seed);
    bookTrainingSet(rs);
    const { train, test } = splitTrainTest(splitExperimentSet(rs));
    const tr = toTensors(train);
    const te = toTensors(test);
    const { w, w0, log } = trainClassifier({ x: tr.x, t: tr.t, steps: CH2_SPLIT_STEPS, logEvery: CH2_SPLIT_STEPS });
    const testAccuracy = evaluateCh2(te.x, te.t, { w, w0 }).accuracy;
    tf.dispose([tr.x, tr.t, te.x, te.t, w, w0]);
    const row = { seed, train: round(log.at(-1)!.accuracy), test: round(testAccuracy) };
    print(`ch2 split, data seed ${seed}: ${JSON.stringify(row)}`);
    return row;
  });
  return { book, shortBook, seedRuns, split };
}

interface Ch3Config {
  name: string;
  make: (seed: number, mult: number) => Network;
  xor: boolean;
  /** The book's final accuracy, to pick the run whose figure is compared with the book's. */
  bookAccuracy: number;
}

/** A run is "stuck" when it ends at or below the book's 2-unit plateau, 59 of 65 points (0.9077). */
export const STUCK_AT_OR_BELOW = 0.91;

const single = (units: number, activation: Activation) => (seed: number, mult: number) =>
  singleLayerNetwork({ units, activation, mult, seed });
export const CH3_CONFIGS: Ch3Config[] = [
  { name: '2 tanh units', make: single(2, 'tanh'), xor: false, bookAccuracy: 0.907692 },
  { name: '4 tanh units', make: single(4, 'tanh'), xor: false, bookAccuracy: 0.923077 },
  { name: '2 ReLU units', make: single(2, 'relu'), xor: false, bookAccuracy: 0.892308 },
  {
    name: 'two layers (2 + 2 tanh), XOR data',
    make: (seed) => twoLayerNetwork({ seed }),
    xor: true,
    bookAccuracy: 0.941667,
  },
];

function measureCh3(seeds: number[], print: (line: string) => void) {
  const book = toTensors(bookDataset().train);
  const mult = inputMean(bookDataset().train);
  const xor = toTensors(xorDataset().train);
  const result: Record<string, { seed: number; log: LogEntry[]; seconds: number }[]> = {};
  for (const config of CH3_CONFIGS) {
    const { x, t } = config.xor ? xor : book;
    const steps = config.xor ? CH3_BOOK_STEPS.xor : CH3_BOOK_STEPS.single;
    const testSteps = config.xor ? CH3_TEST_STEPS.xor : CH3_TEST_STEPS.single;
    result[config.name] = [BOOK_SEED, ...seeds].map((seed) => {
      const network = config.make(seed, mult);
      const start = performance.now();
      const log = trainNetwork({ network, x, t, steps, logEvery: 100 });
      const seconds = (performance.now() - start) / 1000;
      network.dispose();
      print(
        `ch3 ${config.name}, seed ${seed}: ${log
          .filter((e) => e.step === testSteps || e.step % (steps / 5) === 0)
          .map((e) => `${e.step}: ${e.loss.toFixed(3)}/${e.accuracy.toFixed(4)}`)
          .join('  ')}  (${seconds.toFixed(1)} s)`,
      );
      return {
        seed,
        log: log.map((e) => ({ step: e.step, loss: round(e.loss), accuracy: round(e.accuracy) })),
        seconds: round(seconds, 2),
      };
    });
  }
  tf.dispose([book.x, book.t, xor.x, xor.t]);
  const summary = CH3_CONFIGS.map((config) => {
    const runs = result[config.name]!;
    const finals = runs.map((r) => r.log.at(-1)!);
    const testSteps = config.xor ? CH3_TEST_STEPS.xor : CH3_TEST_STEPS.single;
    const shorts = runs.map((r) => r.log.find((e) => e.step === testSteps)!);
    const span = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
    return {
      name: config.name,
      runs: runs.length,
      accuracy: span(finals.map((f) => f.accuracy)),
      loss: span(finals.map((f) => f.loss)),
      stuck: finals.filter((f) => f.accuracy <= STUCK_AT_OR_BELOW).length,
      firstSeedAtBookAccuracy: runs.find((r) => Math.abs(r.log.at(-1)!.accuracy - config.bookAccuracy) < 1e-5)?.seed,
      short: { steps: testSteps, accuracy: span(shorts.map((s) => s.accuracy)), loss: span(shorts.map((s) => s.loss)) },
    };
  });
  summary.forEach((s) => print(`ch3 summary: ${JSON.stringify(s)}`));
  return { runs: result, summary };
}

runCli(HELP, async () => {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '20' },
      backend: { type: 'string', default: 'cpu' },
      out: { type: 'string' },
      only: { type: 'string' },
    },
  });
  quietTensorFlow();
  const backend = await chooseBackend(parseBackendName(values.backend), 'small');
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
  const print = (line: string) => console.log(line);
  const measured = {
    backend: backend.name,
    date: new Date().toISOString().slice(0, 10),
    ch2: values.only === 'ch3' ? undefined : measureCh2(seeds, print),
    ch3: values.only === 'ch2' ? undefined : measureCh3(seeds, print),
  };
  if (values.out) writeFileSync(values.out, `${JSON.stringify(measured, null, 1)}\n`);
});
