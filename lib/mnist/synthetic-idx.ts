/**
 * Builds small IDX files in memory and on disk, for tests that must not depend on (or wait for)
 * the real 60000-image MNIST, and that need damaged files on purpose.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, MNIST_IMAGE_SIDE } from './idx';
import { clearMnistCache } from './load';

const PIXELS = MNIST_IMAGE_SIDE * MNIST_IMAGE_SIDE;

export interface SyntheticImages {
  count: number;
  pixels: Uint8Array;
  rows?: number;
  cols?: number;
  magic?: number;
}

/** An images file: big-endian header (magic, count, rows, cols), then the pixels. */
export function idxImagesBytes(images: SyntheticImages): Uint8Array {
  const { count, pixels, rows = MNIST_IMAGE_SIDE, cols = MNIST_IMAGE_SIDE, magic = IDX_IMAGES_MAGIC } = images;
  return withHeader([magic, count, rows, cols], pixels);
}

/** A labels file: big-endian header (magic, count), then the labels. */
export function idxLabelsBytes(labels: Uint8Array, magic: number = IDX_LABELS_MAGIC): Uint8Array {
  return withHeader([magic, labels.length], labels);
}

function withHeader(header: number[], body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 * header.length + body.length);
  const view = new DataView(bytes.buffer);
  header.forEach((value, i) => view.setUint32(4 * i, value));
  bytes.set(body, 4 * header.length);
  return bytes;
}

/** A fresh directory under the OS temp folder, for files a test writes. */
export function tempDir(prefix = 'mnist-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes bytes to `name` inside `dir`, gzipped when asked; returns the path. */
export function writeFile(dir: string, name: string, bytes: Uint8Array, gzip = false): string {
  const file = path.join(dir, name);
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
  return file;
}

export interface SyntheticMnist {
  train: { pixels: Uint8Array; labels: Uint8Array };
  test: { pixels: Uint8Array; labels: Uint8Array };
}

/** Random-looking but deterministic pixels and labels: pixel i of example k is (k·31 + i·7) mod 256. */
export function syntheticMnist(trainCount: number, testCount: number): SyntheticMnist {
  const make = (count: number, offset: number) => ({
    pixels: Uint8Array.from(
      { length: count * PIXELS },
      (_, i) => ((Math.floor(i / PIXELS) + offset) * 31 + i * 7) % 256,
    ),
    labels: Uint8Array.from({ length: count }, (_, k) => (k * 3 + offset) % 10),
  });
  return { train: make(trainCount, 0), test: make(testCount, 1) };
}

export type MnistFileNames = Record<'trainImages' | 'trainLabels' | 'testImages' | 'testLabels', string>;

export const OFFICIAL_NAMES: MnistFileNames = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/**
 * Writes the four files of `data` into a new temp directory under the given names. The image
 * count in each header comes from the pixels, so a test can pass labels of a different length.
 */
export function writeSyntheticMnistDir(data: SyntheticMnist, names = OFFICIAL_NAMES, gzip = false): string {
  const dir = tempDir();
  const images = (pixels: Uint8Array) => idxImagesBytes({ count: pixels.length / PIXELS, pixels });
  writeFile(dir, names.trainImages, images(data.train.pixels), gzip);
  writeFile(dir, names.trainLabels, idxLabelsBytes(data.train.labels), gzip);
  writeFile(dir, names.testImages, images(data.test.pixels), gzip);
  writeFile(dir, names.testLabels, idxLabelsBytes(data.test.labels), gzip);
  return dir;
}

/**
 * Points `MNIST_DIR` at a synthetic dataset of `trainCount` training (the first 5000 become
 * validation, as input_data splits) and `testCount` test images, for code that finds MNIST by
 * itself. `restore` puts the variable back, forgets the cached load and deletes the files.
 */
export function useSyntheticMnistDir(trainCount: number, testCount: number): { dir: string; restore: () => void } {
  const previous = process.env.MNIST_DIR;
  const dir = writeSyntheticMnistDir(syntheticMnist(trainCount, testCount));
  process.env.MNIST_DIR = dir;
  return {
    dir,
    restore() {
      if (previous === undefined) delete process.env.MNIST_DIR;
      else process.env.MNIST_DIR = previous;
      clearMnistCache();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
