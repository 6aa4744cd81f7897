/**
 * The book's chapter 3 runs: one hidden layer of 2 tanh, 4 tanh and 2 ReLU units on the four-block
 * data (plain gradient descent 0.001, 1000 steps each), then two tanh layers of 2 units on the
 * XOR-like data (5000 steps). Each run draws its initial weights from a seeded truncated normal; the
 * seed of each configuration and the bands over seeds are in fixtures/bands/ch3.json. Each run gets
 * a figure: the training points over the probability field, as in the book.
 */
import * as tf from '@tensorflow/tfjs';
import bands from '../../fixtures/bands/ch3.json';
import { Figure, saveFigure } from '../../lib/plot';
import { withinRange, type Check } from '../../lib/run/bands';
import { createProgress, type Progress } from '../../lib/run/progress';
import type { BookRun, ChapterResult, RunOptions, RunRecord } from '../../lib/run/types';
import { toTensors, type LabelledSet } from '../ch2-logistic-regression/data';
import { bookDataset, inputMean, xorDataset } from './data';
import { probabilityField, type Extent } from './field';
import { singleLayerNetwork, type Activation, type Network } from './network';
import { trainNetwork } from './train';
import { twoLayerNetwork } from './two-layer';

/** The book prints its tables with six decimals. */
const DECIMALS = 6;
/** Log often enough for a smooth curve in the JSON. */
const LOG_EVERY = 50;
const GRID = 100;

type ConfigName = keyof typeof bands.configs;

interface Config {
  name: ConfigName;
  file: string;
  steps: number;
  extent: Extent;
  xor: boolean;
  make: (seed: number, mult: number) => Network;
}

const single = (units: number, activation: Activation) => (seed: number, mult: number) =>
  singleLayerNetwork({ units, activation, mult, seed });
const CONFIGS: Config[] = [
  {
    name: '2 tanh units',
    file: 'ch3-2-tanh',
    steps: 1000,
    extent: [0, 30, 0, 30],
    xor: false,
    make: single(2, 'tanh'),
  },
  {
    name: '4 tanh units',
    file: 'ch3-4-tanh',
    steps: 1000,
    extent: [0, 30, 0, 30],
    xor: false,
    make: single(4, 'tanh'),
  },
  {
    name: '2 ReLU units',
    file: 'ch3-2-relu',
    steps: 1000,
    extent: [0, 30, 0, 30],
    xor: false,
    make: single(2, 'relu'),
  },
  {
    name: 'two layers (2 + 2 tanh), XOR data',
    file: 'ch3-two-layer-xor',
    steps: 5000,
    extent: [-15, 15, -15, 15],
    xor: true,
    make: (seed) => twoLayerNetwork({ seed }),
  },
];
const BOOK_STEPS = CONFIGS[0]!.steps;

function tailCheck(df: LabelledSet, print: (line: string) => void): Check {
  const first = df.x.length - bands.book.tail.length;
  const rows = df.x.slice(first).map((x, i) => [...x.map((v) => v.toFixed(DECIMALS)), String(df.t[first + i])]);
  print('df.tail()           ours                      book');
  rows.forEach((row, i) => print(`  ${first + i}  ${row.join(' ').padEnd(26)}${bands.book.tail[i]!.join(' ')}`));
  const ok = JSON.stringify(rows) === JSON.stringify(bands.book.tail);
  return { ok, line: `df.tail(): ${ok ? 'digit for digit: ok' : 'DIFFERS from the book'}` };
}

async function drawField(
  network: Network,
  set: LabelledSet,
  config: Config,
  title: string,
  outDir: string,
): Promise<string[]> {
  const [x0, x1, y0, y1] = config.extent;
  const field = probabilityField(network, config.extent, GRID);
  const pick = (label: number) => set.x.filter((_, i) => set.t[i] === label);
  const ones = pick(1);
  const zeros = pick(0);
  const figure = new Figure({ width: 480, height: 480 });
  figure
    .panel()
    .xlim(x0, x1)
    .ylim(y0, y1)
    .scatter(
      ones.map((r) => r[0]!),
      ones.map((r) => r[1]!),
      { marker: 'x', label: 't = 1' },
    )
    .scatter(
      zeros.map((r) => r[0]!),
      zeros.map((r) => r[1]!),
      { marker: 'o', label: 't = 0' },
    )
    .field(field, GRID, GRID, config.extent, { cmap: 'gray_r', alpha: 0.5 })
    .title(title);
  const saved = await saveFigure(figure, outDir, config.file);
  return [saved.svg, saved.png];
}

interface RunContext {
  steps: number | undefined;
  outDir: string;
  print: (line: string) => void;
  progress: Progress;
  done: number;
}

async function runConfig(
  config: Config,
  data: { train: LabelledSet; mult: number },
  context: RunContext,
): Promise<{ record: RunRecord; figures: string[] }> {
  const { print, progress } = context;
  const band = bands.configs[config.name];
  const steps = context.steps ?? config.steps;
  const bookLog = new Map(band.book.log.map((e) => [e.step, e]));
  const network = config.make(band.bookRunSeed, data.mult);
  const { x, t } = toTensors(data.train);
  print(
    `\n${config.name}: ${steps} steps of gradient descent (lr 0.001), initial weights from seed ${band.bookRunSeed}`,
  );
  const log = await trainNetwork({
    network,
    x,
    t,
    steps,
    logEvery: LOG_EVERY,
    onLog: ({ step, loss, accuracy }) => {
      const book = bookLog.get(step);
      if (book)
        print(
          `Step: ${step}, Loss: ${loss.toFixed(6)}, Accuracy: ${accuracy.toFixed(6)}   (book: ` +
            `${book.loss.toFixed(6)}, ${book.accuracy.toFixed(6)})`,
        );
      else progress.update(context.done + step, { loss, accuracy });
    },
  });
  context.done += steps;
  const last = log.at(-1)!;
  const figures = await drawField(
    network,
    data.train,
    config,
    `Chapter 3: ${config.name}, ${steps} steps`,
    context.outDir,
  );
  const params = Object.fromEntries(
    network.variables.map((v, i) => [`v${i}:${v.shape.join('x')}`, Array.from(v.dataSync())]),
  );
  network.dispose();
  tf.dispose([x, t]);

  const isBookScale = steps === config.steps;
  const { seeds } = band;
  const checks = isBookScale
    ? [
        withinRange(
          `final accuracy (book ${band.book.final.accuracy})`,
          last.accuracy,
          seeds.accuracy.min,
          seeds.accuracy.max,
        ),
        withinRange(`final loss (book ${band.book.final.loss})`, last.loss, seeds.loss.min, seeds.loss.max),
      ]
    : [];
  const lines = [
    ...checks.map((c) => `${c.line} (band: ${seeds.runs} seeds)`),
    isBookScale
      ? `over ${seeds.runs} seeds this configuration ends at accuracy ${seeds.accuracy.min}–${seeds.accuracy.max}; ` +
        `${seeds.stuck} of ${seeds.runs} get stuck at or below ${bands.stuckAtOrBelow}`
      : `${steps} steps is not the book's ${config.steps}: the bands apply to the full run only`,
  ];
  lines.forEach((line) => print(line));
  const record: RunRecord = {
    name: config.name,
    steps,
    log,
    final: { loss: last.loss, accuracy: last.accuracy },
    params,
    band: { seed: band.bookRunSeed, book: band.book, seeds },
    pass: checks.every((c) => c.ok),
    checks: lines,
  };
  return { record, figures };
}

async function run({ steps, outDir, backend, print }: RunOptions): Promise<ChapterResult> {
  const book = bookDataset();
  const xor = xorDataset();
  const totalSteps = CONFIGS.reduce((sum, c) => sum + (steps ?? c.steps), 0);
  const context: RunContext = { steps, outDir, print, progress: createProgress(totalSteps, print), done: 0 };
  const table = tailCheck(book.df, print);
  print(table.line);
  const mult = inputMean(book.train);
  print(`mult = mean of the training inputs = ${mult.toFixed(6)}`);
  const runs: RunRecord[] = [];
  const figures: string[] = [];
  for (const config of CONFIGS) {
    const { record, figures: drawn } = await runConfig(
      config,
      config.xor ? { train: xor.train, mult: 1 } : { train: book.train, mult },
      context,
    );
    runs.push(record);
    figures.push(...drawn);
  }
  runs[0]!.checks.unshift(table.line);
  runs[0]!.pass &&= table.ok;
  return {
    chapter: 'ch3',
    backend: backend.name,
    runs,
    figures,
    seconds: context.progress.elapsedSeconds(),
    pass: runs.every((r) => r.pass),
  };
}

export const bookRun: BookRun = { jobSize: 'small', bookSteps: BOOK_STEPS, run };
