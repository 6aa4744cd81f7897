/**
 * The book's chapter 2 runs. First the 35-point classifier: zeros init, TF 1.x Adam 0.001, 20000
 * steps, loss and accuracy logged every 4000, then the scatter and the fitted boundary over the
 * probability shading. Then the train/test experiment on 1400 more points from the same generator:
 * 2500 Adam steps, the accuracy on both sets after every step, and the two curves.
 */
import * as tf from '@tensorflow/tfjs';
import bands from '../../fixtures/bands/ch2.json';
import { readAndDispose } from '../../lib/reads';
import { RandomState } from '../../lib/numpy-random';
import { Figure, saveFigure } from '../../lib/plot';
import { withinAbsolute, withinRange, withinRelative, type Check } from '../../lib/run/bands';
import { createProgress } from '../../lib/run/progress';
import type { BookRun, ChapterResult, LogPoint, RunOptions, RunRecord } from '../../lib/run/types';
import { accuracy } from './accuracy';
import { BOOK_SEED, toTensors, type LabelledSet } from './data';
import { bookTrainingSet, splitExperimentSet } from './dataset';
import { probability } from './model';
import { splitTrainTest } from './split';
import { evaluate, trainClassifier, type Parameters } from './train';

const BOOK_STEPS = bands.book.steps;
const SPLIT_STEPS = bands.split.steps;
/** Fine enough for a smooth loss curve in the JSON; the book's own log points are printed beside ours. */
const LOG_EVERY = 500;
/** The book prints its tables with six decimals. */
const DECIMALS = 6;
/** The book's shading: a 100 × 100 grid over [0, 30]². */
const GRID = 100;
const PLOT_RANGE = [0, 30] as const;

const bookLog = new Map(bands.book.log.map((e) => [e.step, e]));
const linspace = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
const byClass = (set: LabelledSet, label: number) => {
  const rows = set.x.filter((_, i) => set.t[i] === label);
  return { x1: rows.map((r) => r[0]!), x2: rows.map((r) => r[1]!) };
};

function tableChecks(set: LabelledSet, print: (line: string) => void): Check {
  const rows = set.x
    .slice(0, bands.book.head.length)
    .map((x, i) => [...x.map((v) => v.toFixed(DECIMALS)), String(set.t[i])]);
  print('train_set.head()        ours                      book');
  rows.forEach((row, i) => print(`  ${i}  ${row.join(' ').padEnd(26)}${bands.book.head[i]!.join(' ')}`));
  const ok = JSON.stringify(rows) === JSON.stringify(bands.book.head);
  return {
    ok,
    line: `first ${rows.length} rows of the training table: ${ok ? 'digit for digit: ok' : 'DIFFER from the book'}`,
  };
}

function scatterPanel(figure: Figure, set: LabelledSet) {
  const [lo, hi] = PLOT_RANGE;
  const infected = byClass(set, 1);
  const normal = byClass(set, 0);
  return figure
    .panel()
    .xlim(lo, hi)
    .ylim(lo, hi)
    .scatter(infected.x1, infected.x2, { marker: 'x', label: 'Infected' })
    .scatter(normal.x1, normal.x2, { marker: 'o', label: 'Normal' });
}

async function drawFigures(
  set: LabelledSet,
  params: { w0: number; w1: number; w2: number },
  outDir: string,
): Promise<string[]> {
  const data = new Figure({ width: 480, height: 480 });
  scatterPanel(data, set).legend('upper left').title('Chapter 2: training data');
  const { w0, w1, w2 } = params;
  const grid = linspace(PLOT_RANGE[0], PLOT_RANGE[1], GRID);
  // As the book's field: row = x2, column = x1, p = sigmoid(w0 + w1·x1 + w2·x2) in float64.
  const field = Float32Array.from(
    grid.flatMap((x2) => grid.map((x1) => 1 / (1 + Math.exp(-(w0 + w1 * x1 + w2 * x2))))),
  );
  const lineX = linspace(PLOT_RANGE[0], PLOT_RANGE[1], 10);
  const boundary = new Figure({ width: 480, height: 480 });
  scatterPanel(boundary, set)
    .line(
      lineX,
      lineX.map((x) => -((w1 * x) / w2 + w0 / w2)),
      { label: 'p = 0.5' },
    )
    .field(field, GRID, GRID, [PLOT_RANGE[0], PLOT_RANGE[1], PLOT_RANGE[0], PLOT_RANGE[1]], {
      cmap: 'gray_r',
      alpha: 0.5,
    })
    .legend('upper left')
    .title('Chapter 2: boundary and P(infected)');
  const saved = [await saveFigure(data, outDir, 'ch2-data'), await saveFigure(boundary, outDir, 'ch2-boundary')];
  return saved.flatMap((s) => [s.svg, s.png]);
}

async function bookRunRecord(
  steps: number,
  set: LabelledSet,
  print: (line: string) => void,
  progress: ReturnType<typeof createProgress>,
) {
  const { x, t } = toTensors(set);
  const { w, w0, log } = await trainClassifier({
    x,
    t,
    steps,
    logEvery: LOG_EVERY,
    onLog: ({ step, loss, accuracy: acc }) => {
      const book = bookLog.get(step);
      if (book)
        print(
          `Step: ${step}, Loss: ${loss.toFixed(6)}, Accuracy: ${acc.toFixed(6)}   (book: ${book.loss.toFixed(6)}, ` +
            `${book.accuracy.toFixed(6)})`,
        );
      else progress.update(step, { loss, accuracy: acc });
    },
  });
  const [w1, w2] = Array.from(w.dataSync());
  const params = { w0: w0.dataSync()[0]!, w1: w1!, w2: w2! };
  tf.dispose([x, t, w, w0]);
  return { log, params };
}

async function splitRun(
  rs: RandomState,
  steps: number,
  print: (line: string) => void,
  progress: ReturnType<typeof createProgress>,
  stepsBefore: number,
) {
  const { train, test } = splitTrainTest(splitExperimentSet(rs));
  const tr = toTensors(train);
  const te = toTensors(test);
  const accuracyOn = async (x: tf.Tensor2D, t: tf.Tensor2D, { w, w0 }: Parameters) =>
    (await readAndDispose(tf.tidy(() => accuracy(probability(x, w, w0), t))))[0]!;
  const curves: LogPoint[] = [];
  print(
    `Train/test experiment: ${train.x.length} training and ${test.x.length} test points drawn after the 35 (no ` +
      `reseed), ${steps} Adam steps.`,
  );
  const { w, w0, log } = await trainClassifier({
    x: tr.x,
    t: tr.t,
    steps,
    logEvery: steps,
    afterStep: async (step, params) => {
      const point = {
        step,
        ...(await evaluate(tr.x, tr.t, params)),
        testAccuracy: await accuracyOn(te.x, te.t, params),
      };
      curves.push(point);
      progress.update(stepsBefore + step, { train: point.accuracy, test: point.testAccuracy });
    },
  });
  const final = {
    loss: log.at(-1)!.loss,
    accuracy: curves.at(-1)!.accuracy!,
    testAccuracy: curves.at(-1)!.testAccuracy!,
  };
  tf.dispose([tr.x, tr.t, te.x, te.t, w, w0]);
  return { curves, final };
}

async function drawSplit(curves: LogPoint[], outDir: string): Promise<string[]> {
  const figure = new Figure({ width: 640, height: 480 });
  const steps = curves.map((c) => c.step);
  figure
    .panel()
    .line(
      steps,
      curves.map((c) => c.accuracy!),
      { label: 'Training set' },
    )
    .line(
      steps,
      curves.map((c) => c.testAccuracy!),
      { label: 'Test set' },
    )
    .legend('upper left')
    .title('Chapter 2: accuracy during training')
    .xlabel('step')
    .ylabel('accuracy');
  const saved = await saveFigure(figure, outDir, 'ch2-split-accuracy');
  return [saved.svg, saved.png];
}

async function run({ steps = BOOK_STEPS, outDir, backend, print }: RunOptions): Promise<ChapterResult> {
  const isBookScale = steps === BOOK_STEPS;
  const splitSteps = isBookScale ? SPLIT_STEPS : Math.min(steps, SPLIT_STEPS);
  const progress = createProgress(steps + splitSteps, print);
  const rs = new RandomState(BOOK_SEED);
  const set = bookTrainingSet(rs);
  const table = tableChecks(set, print);

  print(
    `Training p = sigmoid(x·w + w0) with Adam 0.001 from zeros for ${steps} steps; the book's log points are shown ` +
      `beside ours.`,
  );
  const { log, params } = await bookRunRecord(steps, set, print, progress);
  const last = log.at(-1)!;
  const correct = Math.round(last.accuracy * set.t.length);
  print(`parameters: w0 ${params.w0.toFixed(6)}, w1 ${params.w1.toFixed(6)}, w2 ${params.w2.toFixed(6)}`);
  print(`book:       w0 ${bands.book.params.w0}, w1 ${bands.book.params.w1}, w2 ${bands.book.params.w2}`);
  const figures = await drawFigures(set, params, outDir);

  const split = await splitRun(rs, splitSteps, print, progress, steps);
  print(
    `after ${splitSteps} steps: training accuracy ${split.final.accuracy.toFixed(6)}, test accuracy ` +
      `${split.final.testAccuracy.toFixed(6)}`,
  );
  figures.push(...(await drawSplit(split.curves, outDir)));

  const bookChecks = isBookScale
    ? [
        table,
        withinAbsolute('final loss', last.loss, bands.book.final.loss, bands.full.lossAbsTol),
        withinAbsolute('correctly classified points', correct, bands.book.final.correct, 0),
        ...(['w0', 'w1', 'w2'] as const).map((k) =>
          withinRelative(k, params[k], bands.book.params[k], bands.full.paramRelTol),
        ),
      ]
    : [table];
  const splitChecks = isBookScale
    ? [
        withinRange(
          'final test accuracy',
          split.final.testAccuracy,
          bands.split.testAccuracy.min,
          bands.split.testAccuracy.max,
        ),
      ]
    : [];
  const note = isBookScale
    ? []
    : [`${steps} steps is not the book's ${BOOK_STEPS}: only the data table is held to the book`];
  const record = (
    name: string,
    runSteps: number,
    runLog: LogPoint[],
    final: RunRecord['final'],
    checks: Check[],
    band: unknown,
    extra: Partial<RunRecord> = {},
  ): RunRecord => {
    const lines = [...checks.map((c) => c.line), ...note];
    lines.forEach((line) => print(line));
    return {
      name,
      steps: runSteps,
      log: runLog,
      final,
      band,
      pass: checks.every((c) => c.ok),
      checks: lines,
      ...extra,
    };
  };
  const runs = [
    record(
      'book: 35 points',
      steps,
      log,
      { loss: last.loss, accuracy: last.accuracy, correct },
      bookChecks,
      { book: bands.book, ...bands.full },
      { params: { w0: [params.w0], w: [params.w1, params.w2] } },
    ),
    record('train/test split: 1120 + 280 points', splitSteps, split.curves, split.final, splitChecks, bands.split),
  ];
  return {
    chapter: 'ch2',
    backend: backend.name,
    runs,
    figures,
    seconds: progress.elapsedSeconds(),
    pass: runs.every((r) => r.pass),
  };
}

export const bookRun: BookRun = { jobSize: 'small', bookSteps: BOOK_STEPS, run };
