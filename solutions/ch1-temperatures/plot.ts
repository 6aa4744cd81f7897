/**
 * Chapter 1's figure from the learner's code: their fitted curve beside the reference's, both
 * trained the same number of steps from zeros with the same data, so any difference is theirs.
 */
import { Figure, saveFigure } from '../../lib/plot';
import type { ChapterPlot } from '../../lib/learner/plot';
import type * as Data from './data';
import type * as PredictCurve from './predict-curve';
import type * as Train from './train';

export interface Ch1Modules {
  [kata: string]: unknown;
  data: typeof Data;
  train: typeof Train;
  'predict-curve': typeof PredictCurve;
}

const CURVE_POINTS = 100;

/** Trains from zeros with one tree of modules and returns the curve over months 1..12 and the final loss. */
async function fit(modules: Ch1Modules, steps: number): Promise<{ curve: number[]; loss: number }> {
  const { featureMatrix, temperatureTargets, MONTHS } = modules.data;
  const x = featureMatrix(MONTHS);
  const t = temperatureTargets();
  try {
    const { w, log } = await modules.train.trainRegression({ x, t, steps, logEvery: steps });
    const grid = Array.from({ length: CURVE_POINTS }, (_, i) => 1 + (11 * i) / (CURVE_POINTS - 1));
    const curve = modules['predict-curve'].predictTemperatures(w, grid);
    w.dispose();
    return { curve, loss: log.at(-1)!.loss };
  } finally {
    x.dispose();
    t.dispose();
  }
}

export const chapterPlot: ChapterPlot<Ch1Modules> = {
  needs: ['data', 'model', 'loss', 'train', 'predict-curve'],
  // 5000 Adam steps take a few seconds and already bend the curve towards the summer peak.
  defaultSteps: 5000,
  async plot({ learner, reference, steps, outDir, print }) {
    const grid = Array.from({ length: CURVE_POINTS }, (_, i) => 1 + (11 * i) / (CURVE_POINTS - 1));
    const figure = new Figure({ width: 1000, height: 420, cols: 2 });
    const { MONTHS, MONTHLY_TEMPERATURES } = reference.data;
    for (const [col, who, modules] of [
      [0, 'yours', learner],
      [1, 'reference', reference],
    ] as const) {
      const { curve, loss } = await fit(modules, steps);
      print(`${who}: loss ${loss.toFixed(4)} after ${steps} steps`);
      figure
        .panel(0, col)
        .xlim(1, 12)
        .scatter(MONTHS, MONTHLY_TEMPERATURES, { label: 'monthly mean' })
        .line(grid, curve, { label: `${who}, ${steps} steps`, color: col === 0 ? 'red' : 'blue' })
        .title(`${who}: loss ${loss.toFixed(2)}`)
        .xlabel('month')
        .ylabel('°C')
        .legend('upper left');
    }
    const saved = await saveFigure(figure, outDir, 'ch1-yours-vs-reference');
    return [saved.svg, saved.png];
  },
};
