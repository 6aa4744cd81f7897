/**
 * The figures of chapters 4 and 5 (shared by both book runs): filters beside the feature maps they
 * produce, the first misclassified test digits with their class probabilities, and the training
 * curve beside the book's log points. Only the reference runs draw them; they are not katas.
 */
import * as tf from '@tensorflow/tfjs';
import { chunksOf } from '../../lib/mnist/batches';
import { MNIST_CLASSES, MNIST_IMAGE_SIDE } from '../../lib/mnist/idx';
import { MNIST_PIXELS, type MnistSplit } from '../../lib/mnist/load';
import { toTensors } from '../../lib/mnist/tensors';
import { Figure, saveFigure } from '../../lib/plot';
import type { LogPoint } from '../../lib/run/types';
import type { Network } from './network';

const SIDE = MNIST_IMAGE_SIDE;
/** Pixels per grid cell of the image figures: a 28×28 digit at about 2× magnification. */
const CELL = 64;
/** matplotlib's first two cycle colours: the book's numbers in blue, ours in orange. */
const BOOK_COLOR = '#1f77b4';
const OUR_COLOR = '#ff7f0e';

/** Class probabilities of every example of a split, [count × 10] row-major, at test time. */
export function predictProbabilities(network: Network, split: MnistSplit, chunkSize: number): Float32Array {
  const out = new Float32Array(split.count * MNIST_CLASSES);
  let row = 0;
  for (const chunk of chunksOf(split, chunkSize)) {
    const p = tf.tidy(
      () => tf.softmax(network.logits(toTensors(chunk).xs, { training: false })).dataSync() as Float32Array,
    );
    out.set(p, row * MNIST_CLASSES);
    row += chunk.count;
  }
  return out;
}

export interface Misclassified {
  /** Position in the split. */
  index: number;
  prediction: number;
  actual: number;
  probabilities: Float32Array;
}

/** The first `limit` examples whose most probable class is not the label, in split order (as the book scans them). */
export function firstMisclassified(split: MnistSplit, probabilities: Float32Array, limit: number): Misclassified[] {
  const found: Misclassified[] = [];
  for (let index = 0; index < split.count && found.length < limit; index++) {
    const p = probabilities.subarray(index * MNIST_CLASSES, (index + 1) * MNIST_CLASSES);
    const prediction = p.indexOf(Math.max(...p));
    const actual = split.labels[index]!;
    if (prediction !== actual) found.push({ index, prediction, actual, probabilities: p.slice() });
  }
  return found;
}

const digit = (split: MnistSplit, index: number) =>
  split.images.subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);

/**
 * The book's 5×4 grid: each misclassified digit titled "prediction / actual", beside a bar chart
 * of its ten class probabilities.
 */
export function misclassifiedFigure(split: MnistSplit, misses: readonly Misclassified[], title: string): Figure {
  const figure = new Figure({ width: 760, height: 860, rows: 5, cols: 4, fontSize: 11 });
  misses.slice(0, 10).forEach((miss, c) => {
    const [row, col] = [Math.floor(c / 2), (c % 2) * 2];
    figure
      .panel(row, col)
      .image(digit(split, miss.index), SIDE, SIDE, { vmin: 0, vmax: 1 })
      .title(`${miss.prediction} / ${miss.actual}`);
    figure
      .panel(row, col + 1)
      .bars(miss.probabilities, { ylim: [0, 1] })
      .xlim(-0.5, 9.5);
  });
  if (misses.length === 0) figure.panel(0, 0).title(`${title}: no misclassified digit`);
  return figure;
}

/**
 * The book's filter figure: the first row shows test digits (titled with their labels); below, one
 * row per filter — the 5×5 filter, then its pooled output for each digit. Each map is scaled to its
 * own range, as imshow does, so negative responses are not white.
 *
 * @param filters [5, 5, 1, F] values, row-major
 * @param pooled [D, h, h, F] values for the D digits, row-major
 */
export function filterFigure(
  split: MnistSplit,
  filters: Float32Array,
  filterCount: number,
  pooled: Float32Array,
  digits: number,
  pooledSide: number,
): Figure {
  const k = Math.round(Math.sqrt(filters.length / filterCount));
  const figure = new Figure({
    width: (digits + 1) * CELL,
    height: (filterCount + 1) * CELL + 20,
    rows: filterCount + 1,
    cols: digits + 1,
    fontSize: 10,
  });
  for (let d = 0; d < digits; d++)
    figure
      .panel(0, d + 1)
      .image(digit(split, d), SIDE, SIDE, { vmin: 0, vmax: 1 })
      .title(String(split.labels[d]));
  for (let f = 0; f < filterCount; f++) {
    figure.panel(f + 1, 0).image(channel(filters, k * k, filterCount, f), k, k);
    for (let d = 0; d < digits; d++) {
      const cells = pooledSide * pooledSide;
      const maps = pooled.subarray(d * cells * filterCount, (d + 1) * cells * filterCount);
      figure.panel(f + 1, d + 1).image(channel(maps, cells, filterCount, f), pooledSide, pooledSide);
    }
  }
  return figure;
}

/** Channel `c` of a channels-last block of `cells` positions. */
function channel(values: ArrayLike<number>, cells: number, channels: number, c: number): Float32Array {
  return Float32Array.from({ length: cells }, (_, i) => values[i * channels + c]!);
}

/** A grid of the first convolution layer's filters, `cols` per row. */
export function filterGridFigure(filters: Float32Array, filterCount: number, cols: number): Figure {
  const k = Math.round(Math.sqrt(filters.length / filterCount));
  const rows = Math.ceil(filterCount / cols);
  const figure = new Figure({ width: cols * CELL, height: rows * CELL + 10, rows, cols, fontSize: 10 });
  for (let f = 0; f < filterCount; f++)
    figure
      .panel(Math.floor(f / cols), f % cols)
      .image(channel(filters, k * k, filterCount, f), k, k)
      .title(String(f));
  return figure;
}

/**
 * Two panels: the batch loss per example, averaged over windows of `window` steps, and the test
 * accuracy at the log points beside the book's.
 */
export function trainingFigure(
  batchLosses: readonly number[],
  batchSize: number,
  log: readonly LogPoint[],
  book: readonly { step: number; accuracy: number }[],
  window: number,
  title: string,
): Figure {
  const figure = new Figure({ width: 960, height: 400, rows: 1, cols: 2, fontSize: 12 });
  const steps: number[] = [];
  const means: number[] = [];
  for (let from = 0; from < batchLosses.length; from += window) {
    const slice = batchLosses.slice(from, from + window);
    steps.push(from + slice.length);
    means.push(slice.reduce((s, v) => s + v, 0) / slice.length / batchSize);
  }
  figure
    .panel(0, 0)
    .line(steps, means, { label: `mean over ${window} steps` })
    .title(`${title}: training loss per example`)
    .xlabel('step')
    .ylabel('cross-entropy')
    .legend('upper right');
  const tested = log.filter((e) => e.testAccuracy !== undefined);
  const accuracy = figure.panel(0, 1);
  if (book.length)
    accuracy
      .line(
        book.map((e) => e.step),
        book.map((e) => e.accuracy),
        { label: 'book', color: BOOK_COLOR },
      )
      .scatter(
        book.map((e) => e.step),
        book.map((e) => e.accuracy),
        { marker: 'o', color: BOOK_COLOR },
      );
  if (tested.length)
    accuracy
      .line(
        tested.map((e) => e.step),
        tested.map((e) => e.testAccuracy!),
        { label: 'ours', color: OUR_COLOR },
      )
      .scatter(
        tested.map((e) => e.step),
        tested.map((e) => e.testAccuracy!),
        { marker: 'x', color: OUR_COLOR },
      );
  accuracy.title('test accuracy').xlabel('step').legend('lower right');
  return figure;
}

/** Saves a figure as SVG and PNG and returns both paths. */
export async function save(figure: Figure, outDir: string, name: string): Promise<string[]> {
  const saved = await saveFigure(figure, outDir, name);
  return [saved.svg, saved.png];
}
