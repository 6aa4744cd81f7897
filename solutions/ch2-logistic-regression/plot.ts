/**
 * Chapter 2's figure from the learner's code: their decision boundary and probability shading
 * beside the reference's, both trained from zeros the same number of Adam steps on the book's 35
 * points, so any difference comes from the learner's model, loss, accuracy and training loop.
 */
import * as tf from '@tensorflow/tfjs';
import { Figure, saveFigure } from '../../lib/plot';
import type { ChapterPlot } from '../../lib/learner/plot';
import type * as Accuracy from './accuracy';
import { toTensors, type LabelledSet } from './data';
import { bookTrainingSet } from './dataset';
import type * as Loss from './loss';
import type * as Model from './model';
import type * as Train from './train';

export interface Ch2Modules {
  [kata: string]: unknown;
  model: typeof Model;
  loss: typeof Loss;
  accuracy: typeof Accuracy;
  train: typeof Train;
}

/** The book's shading: a 100 × 100 grid over [0, 30]². */
const GRID = 100;
const PLOT_RANGE = [0, 30] as const;

const linspace = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
const byClass = (set: LabelledSet, label: number) => {
  const rows = set.x.filter((_, i) => set.t[i] === label);
  return { x1: rows.map((r) => r[0]!), x2: rows.map((r) => r[1]!) };
};

interface Fit {
  params: { w0: number; w1: number; w2: number };
  loss: number;
  accuracy: number;
}

/** Trains from zeros with one tree's training kata (which uses that tree's model, loss and accuracy). */
async function fit(modules: Ch2Modules, set: LabelledSet, steps: number): Promise<Fit> {
  const { x, t } = toTensors(set);
  try {
    const { w, w0, log } = await modules.train.trainClassifier({ x, t, steps, logEvery: steps });
    const [w1, w2] = Array.from(w.dataSync());
    const params = { w0: w0.dataSync()[0]!, w1: w1!, w2: w2! };
    tf.dispose([w, w0]);
    const last = log.at(-1)!;
    return { params, loss: last.loss, accuracy: last.accuracy };
  } finally {
    tf.dispose([x, t]);
  }
}

export const chapterPlot: ChapterPlot<Ch2Modules> = {
  needs: ['model', 'loss', 'accuracy', 'train'],
  // The book trains 20000 steps; 2000 Adam steps take a few seconds and already tilt the boundary
  // between the two classes.
  defaultSteps: 2000,
  async plot({ learner, reference, steps, outDir, print }) {
    const set = bookTrainingSet();
    const [lo, hi] = PLOT_RANGE;
    const grid = linspace(lo, hi, GRID);
    const lineX = linspace(lo, hi, 10);
    const infected = byClass(set, 1);
    const normal = byClass(set, 0);
    const figure = new Figure({ width: 960, height: 480, cols: 2 });
    for (const [col, who, modules] of [
      [0, 'yours', learner],
      [1, 'reference', reference],
    ] as const) {
      const { params, loss, accuracy } = await fit(modules, set, steps);
      const { w0, w1, w2 } = params;
      print(
        `${who}: loss ${loss.toFixed(4)}, accuracy ${accuracy.toFixed(4)} after ${steps} steps (w0 ${w0.toFixed(4)}, ` +
          `w1 ${w1.toFixed(4)}, w2 ${w2.toFixed(4)})`,
      );
      // As the book's field: row = x2, column = x1, p = sigmoid(w0 + w1·x1 + w2·x2).
      const field = Float32Array.from(
        grid.flatMap((x2) => grid.map((x1) => 1 / (1 + Math.exp(-(w0 + w1 * x1 + w2 * x2))))),
      );
      const panel = figure
        .panel(0, col)
        .xlim(lo, hi)
        .ylim(lo, hi)
        .scatter(infected.x1, infected.x2, { marker: 'x', label: 'Infected' })
        .scatter(normal.x1, normal.x2, { marker: 'o', label: 'Normal' });
      // A zero w2 (e.g. no training yet) has no line x2(x1) to draw.
      if (w2 !== 0 && Number.isFinite(w2))
        panel.line(
          lineX,
          lineX.map((x) => -((w1 * x) / w2 + w0 / w2)),
          { label: 'p = 0.5', color: col === 0 ? 'red' : 'blue' },
        );
      panel
        .field(field, GRID, GRID, [lo, hi, lo, hi], { cmap: 'gray_r', alpha: 0.5 })
        .legend('upper left')
        .title(`${who}: loss ${loss.toFixed(2)}, accuracy ${accuracy.toFixed(2)}`)
        .xlabel('x1')
        .ylabel('x2');
    }
    const saved = await saveFigure(figure, outDir, 'ch2-yours-vs-reference');
    return [saved.svg, saved.png];
  },
};
