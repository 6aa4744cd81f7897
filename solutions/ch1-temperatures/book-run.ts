/**
 * The book's chapter 1 run: zeros init, Adam 0.001, 100000 steps, the loss logged every 20000;
 * then the fitted curve over the twelve points, and the closed-form optimum for comparison.
 */
import { leastSquares } from '../../lib/least-squares';
import { Figure, saveFigure } from '../../lib/plot';
import { withinRelative, type Check } from '../../lib/run/bands';
import { createProgress } from '../../lib/run/progress';
import type { BookRun, ChapterResult, RunOptions } from '../../lib/run/types';
import bands from '../../fixtures/bands/ch1.json';
import { featureMatrix, MONTHLY_TEMPERATURES, MONTHS, temperatureTargets } from './data';
import { predictTemperatures } from './predict-curve';
import { trainRegression } from './train';

const BOOK_STEPS = bands.book.steps;
/** Fine enough for a progress line every couple of seconds and a smooth loss curve in the JSON. */
const LOG_EVERY = 1000;
const CURVE_POINTS = 100;

const bookLoss = new Map(bands.book.log.map((e) => [e.step, e.loss]));

function bandChecks(loss: number, w: number[]): Check[] {
  return [
    withinRelative('final loss', loss, bands.book.log.at(-1)!.loss, bands.full.finalLossRelTol),
    ...w.map((v, i) => withinRelative(`w${i}`, v, bands.book.w[i]!, bands.full.paramRelTol)),
  ];
}

async function drawFit(w: Awaited<ReturnType<typeof trainRegression>>['w'], outDir: string): Promise<string[]> {
  const grid = Array.from({ length: CURVE_POINTS }, (_, i) => 1 + (11 * i) / (CURVE_POINTS - 1));
  const figure = new Figure();
  figure
    .panel()
    .xlim(1, 12)
    .scatter(MONTHS, MONTHLY_TEMPERATURES, { label: 'monthly mean' })
    .line(grid, predictTemperatures(w, grid), { label: 'fitted degree-4 polynomial', color: 'blue' })
    .title('Chapter 1: predicted temperature')
    .xlabel('month')
    .ylabel('°C');
  const saved = await saveFigure(figure, outDir, 'ch1-fit');
  return [saved.svg, saved.png];
}

async function run({ steps = BOOK_STEPS, outDir, backend, print }: RunOptions): Promise<ChapterResult> {
  const x = featureMatrix(MONTHS);
  const t = temperatureTargets();
  const progress = createProgress(steps, print);
  print(
    `Training y = x·w (degree 4) with Adam 0.001 from zeros for ${steps} steps; the book's log points are shown ` +
      `beside ours.`,
  );
  const { w, log } = await trainRegression({
    x,
    t,
    steps,
    logEvery: LOG_EVERY,
    onLog: ({ step, loss }) => {
      const book = bookLoss.get(step);
      if (book !== undefined) print(`Step: ${step}, Loss: ${loss.toFixed(6)}   (book: ${book.toFixed(6)})`);
      else progress.update(step, { loss });
    },
  });
  const params = Array.from(w.dataSync());
  const figures = await drawFit(w, outDir);
  w.dispose();
  x.dispose();
  t.dispose();

  const final = log.at(-1)!.loss;
  print(`parameters: [${params.map((v) => v.toFixed(8)).join(', ')}]`);
  print(`book:       [${bands.book.w.map((v) => v.toFixed(8)).join(', ')}]`);
  const optimum = leastSquares(
    MONTHS.map((m) => [0, 1, 2, 3, 4].map((n) => m ** n)),
    MONTHLY_TEMPERATURES,
  );
  print(
    `closed-form least squares (float64): loss ${optimum.loss.toFixed(6)} at w = ` +
      `[${optimum.w.map((v) => v.toFixed(6)).join(', ')}]`,
  );
  print(
    `Adam is still ${(final - optimum.loss).toFixed(2)} above the optimum after ${steps} steps: the problem is ` +
      `ill-conditioned (columns 1 … 20736).`,
  );

  const isBookScale = steps === BOOK_STEPS;
  const checks = isBookScale ? bandChecks(final, params) : [];
  const pass = checks.every((c) => c.ok);
  const lines = isBookScale
    ? checks.map((c) => c.line)
    : [`${steps} steps is not the book's ${BOOK_STEPS}: the bands apply to the full run only`];
  lines.forEach((line) => print(line));
  return {
    chapter: 'ch1',
    backend: backend.name,
    runs: [
      {
        name: 'book',
        steps,
        log,
        final: { loss: final },
        params: { w: params },
        band: { book: bands.book, ...bands.full },
        pass,
        checks: lines,
      },
    ],
    figures,
    seconds: progress.elapsedSeconds(),
    pass,
  };
}

export const bookRun: BookRun = { jobSize: 'small', bookSteps: BOOK_STEPS, run };
