/**
 * Chapter 3's bands (fixtures/bands/ch3.json). Initial weights come from a seeded truncated normal,
 * so each configuration is measured over init seeds (the book's and 1..N) on the book's data; the
 * step counts, the book's accuracies and the "stuck" threshold are read from the fixture itself.
 */
import * as tf from '@tensorflow/tfjs';
import bands from '../../fixtures/bands/ch3.json';
import type { BandMeasurement } from '../../lib/run/types';
import { toTensors } from '../../solutions/ch2-logistic-regression/data';
import { bookDataset, inputMean, xorDataset } from '../../solutions/ch3-neural-networks/data';
import { singleLayerNetwork, type Activation, type Network } from '../../solutions/ch3-neural-networks/network';
import { trainNetwork, type LogEntry } from '../../solutions/ch3-neural-networks/train';
import { twoLayerNetwork } from '../../solutions/ch3-neural-networks/two-layer';
import { rounded } from './rounded';

type ConfigName = keyof typeof bands.configs;

interface Config {
  name: ConfigName;
  make: (seed: number, mult: number) => Network;
  xor: boolean;
}

const single = (units: number, activation: Activation) => (seed: number, mult: number) =>
  singleLayerNetwork({ units, activation, mult, seed });
const CONFIGS: Config[] = [
  { name: '2 tanh units', make: single(2, 'tanh'), xor: false },
  { name: '4 tanh units', make: single(4, 'tanh'), xor: false },
  { name: '2 ReLU units', make: single(2, 'relu'), xor: false },
  { name: 'two layers (2 + 2 tanh), XOR data', make: (seed) => twoLayerNetwork({ seed }), xor: true },
];
/** A configuration's accuracy matches the book's when it agrees to the book's six printed digits. */
const SAME_AS_PRINTED = 1e-5;
/** Log every this many steps: the book's log points all fall on it. */
const LOG_EVERY = 100;

const span = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
const testStepsOf = (config: Config) => (config.xor ? bands.short.xor.steps : bands.short.network.steps);

export const measurement: BandMeasurement = {
  jobSize: 'small',
  defaultSeeds: 30,
  async measure({ seeds, print }) {
    const book = toTensors(bookDataset().train);
    const mult = inputMean(bookDataset().train);
    const xor = toTensors(xorDataset().train);
    const runs: Record<string, { seed: number; log: LogEntry[]; seconds: number }[]> = {};
    for (const config of CONFIGS) {
      const { x, t } = config.xor ? xor : book;
      const steps = bands.configs[config.name].book.steps;
      const configRuns: { seed: number; log: LogEntry[]; seconds: number }[] = [];
      runs[config.name] = configRuns;
      for (const seed of [bands.book.seed, ...seeds]) {
        const network = config.make(seed, mult);
        const start = performance.now();
        const log = await trainNetwork({ network, x, t, steps, logEvery: LOG_EVERY });
        const seconds = (performance.now() - start) / 1000;
        network.dispose();
        const shown = log.filter((e) => e.step === testStepsOf(config) || e.step % (steps / 5) === 0);
        const points = shown.map((e) => `${e.step}: ${e.loss.toFixed(3)}/${e.accuracy.toFixed(4)}`);
        print(`ch3 ${config.name}, seed ${seed}: ${points.join('  ')}  (${seconds.toFixed(1)} s)`);
        const roundedLog = log.map((e) => ({ step: e.step, loss: rounded(e.loss), accuracy: rounded(e.accuracy) }));
        configRuns.push({ seed, log: roundedLog, seconds: rounded(seconds, 2) });
      }
    }
    tf.dispose([book.x, book.t, xor.x, xor.t]);
    const summary = CONFIGS.map((config) => {
      const configRuns = runs[config.name]!;
      const finals = configRuns.map((r) => r.log.at(-1)!);
      const shorts = configRuns.map((r) => r.log.find((e) => e.step === testStepsOf(config))!);
      const bookAccuracy = bands.configs[config.name].book.final.accuracy;
      return {
        name: config.name,
        runs: configRuns.length,
        accuracy: span(finals.map((f) => f.accuracy)),
        loss: span(finals.map((f) => f.loss)),
        stuck: finals.filter((f) => f.accuracy <= bands.stuckAtOrBelow).length,
        firstSeedAtBookAccuracy: configRuns.find(
          (r) => Math.abs(r.log.at(-1)!.accuracy - bookAccuracy) < SAME_AS_PRINTED,
        )?.seed,
        short: {
          steps: testStepsOf(config),
          accuracy: span(shorts.map((s) => s.accuracy)),
          loss: span(shorts.map((s) => s.loss)),
        },
      };
    });
    for (const s of summary) print(`ch3 summary: ${JSON.stringify(s)}`);
    return { runs, summary };
  },
};
