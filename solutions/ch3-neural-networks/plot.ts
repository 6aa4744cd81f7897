/**
 * Chapter 3's figure from the learner's code: the probability field of the one-hidden-layer network
 * with 2 tanh units beside the reference's. Both start from the same seeded weights and train the
 * same number of gradient-descent steps on the book's 65 points, so any difference is the learner's
 * network, training loop or field.
 */
import * as tf from '@tensorflow/tfjs';
import bands from '../../fixtures/bands/ch3.json';
import { Figure, saveFigure } from '../../lib/plot';
import type { ChapterPlot } from '../../lib/learner/plot';
import { toTensors, type LabelledSet } from '../ch2-logistic-regression/data';
import { bookDataset, inputMean } from './data';
import type * as Field from './field';
import type { Extent } from './field';
import type * as NetworkKata from './network';
import type * as Train from './train';

export interface Ch3Modules {
  [kata: string]: unknown;
  network: typeof NetworkKata;
  train: typeof Train;
  field: typeof Field;
}

const GRID = 100;
const EXTENT: Extent = [0, 30, 0, 30];
/** The book-run seed of the 2-tanh configuration, so the reference panel is the book run's start. */
const SEED = bands.configs['2 tanh units'].bookRunSeed;

interface Fit {
  field: Float32Array;
  loss: number;
  accuracy: number;
}

/** Builds the seeded 2-tanh network with one tree, trains it and shades the plane with that tree's field. */
async function fit(modules: Ch3Modules, set: LabelledSet, mult: number, steps: number): Promise<Fit> {
  const network = modules.network.singleLayerNetwork({ units: 2, activation: 'tanh', mult, seed: SEED });
  const { x, t } = toTensors(set);
  try {
    const log = await modules.train.trainNetwork({ network, x, t, steps, logEvery: steps });
    const field = modules.field.probabilityField(network, EXTENT, GRID);
    const last = log.at(-1)!;
    return { field, loss: last.loss, accuracy: last.accuracy };
  } finally {
    network.dispose();
    tf.dispose([x, t]);
  }
}

export const chapterPlot: ChapterPlot<Ch3Modules> = {
  needs: ['network', 'train', 'field'],
  // The book trains 1000 steps of plain gradient descent; 500 take a few seconds and already bend
  // the field around the top-right block.
  defaultSteps: 500,
  async plot({ learner, reference, steps, outDir, print }) {
    const { train } = bookDataset();
    const mult = inputMean(train);
    const pick = (label: number) => train.x.filter((_, i) => train.t[i] === label);
    const ones = pick(1);
    const zeros = pick(0);
    const [x0, x1, y0, y1] = EXTENT;
    const figure = new Figure({ width: 960, height: 480, cols: 2 });
    for (const [col, who, modules] of [
      [0, 'yours', learner],
      [1, 'reference', reference],
    ] as const) {
      const { field, loss, accuracy } = await fit(modules, train, mult, steps);
      print(
        `${who}: loss ${loss.toFixed(4)}, accuracy ${accuracy.toFixed(4)} ` +
          `after ${steps} steps (2 tanh units, seed ${SEED})`,
      );
      figure
        .panel(0, col)
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
        .field(field, GRID, GRID, EXTENT, { cmap: 'gray_r', alpha: 0.5 })
        .legend('upper left')
        .title(`${who}: loss ${loss.toFixed(2)}, accuracy ${accuracy.toFixed(2)}`)
        .xlabel('x1')
        .ylabel('x2');
    }
    const saved = await saveFigure(figure, outDir, 'ch3-yours-vs-reference');
    return [saved.svg, saved.png];
  },
};
