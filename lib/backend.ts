/**
 * Chooses the TensorFlow.js backend for everything: tests, solutions, scripts.
 *
 * `auto` prefers a GPU through tfjs-node-gpu, then tfjs-node if the user installed it, then the
 * fastest pure-JS backend for the size of the job. A backend asked for by name must load or the
 * run stops with one sentence saying what to install: a silent fallback would make every timing
 * and every "GPU" claim a lie.
 */
import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';

export const BACKEND_NAMES = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * Small jobs (chapters 1 to 3: a few hundred numbers per step) are dominated by per-op overhead,
 * where the plain `cpu` backend wins; convolution networks (chapters 4 and 5) need `wasm`'s SIMD
 * kernels. Measured by `npm run bench`.
 */
export type JobSize = 'small' | 'large';

export interface BackendChoice {
  /** The name the user would pass to `--backend` to get this backend again. */
  name: Exclude<BackendName, 'auto'>;
  /** TensorFlow.js's own name for it (`tensorflow`, `wasm`, `cpu`). */
  tfName: string;
  gpu: boolean;
  /** One line per backend that `auto` passed over, and why. */
  skipped: string[];
}

const INSTALL_HINT: Record<Exclude<BackendName, 'auto'>, string> = {
  'node-gpu':
    'install it with `npm install @tensorflow/tfjs-node-gpu@4.22.0` on Linux x86-64 with an NVIDIA driver, CUDA 11.2 and cuDNN 8.1, with network access for its libtensorflow download',
  node: 'install it with `npm install @tensorflow/tfjs-node@4.22.0` (its install downloads libtensorflow, so it needs network access)',
  wasm: 'reinstall the dependencies with `npm ci`; @tensorflow/tfjs-backend-wasm@4.22.0 ships with this repository',
  cpu: 'reinstall the dependencies with `npm ci`',
};

type Loader = () => Promise<{ tfName: string; gpu: boolean }>;

/** Imports a package by a name TypeScript cannot see, so an absent optional package is a runtime error, not a type error. */
const importOptional = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

async function activate(tfName: string): Promise<void> {
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new Error(`TensorFlow.js could not initialise the '${tfName}' backend`);
  await tf.ready();
}

const LOADERS: Record<Exclude<BackendName, 'auto'>, Loader> = {
  'node-gpu': async () => {
    await importOptional('@tensorflow/tfjs-node-gpu');
    await activate('tensorflow');
    const gpu = Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
    return { tfName: 'tensorflow', gpu };
  },
  node: async () => {
    await importOptional('@tensorflow/tfjs-node');
    await activate('tensorflow');
    return { tfName: 'tensorflow', gpu: false };
  },
  wasm: async () => {
    // The wasm backend with the training kernels and threads tfjs lacks in Node (lib/accel).
    const accel = await import('./accel');
    await accel.prepareWasmBackend();
    await activate('wasm');
    accel.registerAllKernels();
    return { tfName: 'wasm', gpu: false };
  },
  cpu: async () => {
    await activate('cpu');
    return { tfName: 'cpu', gpu: false };
  },
};

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}

/** Loads one named backend, or throws a UserError that says what to install. */
export async function loadBackend(name: Exclude<BackendName, 'auto'>): Promise<BackendChoice> {
  try {
    const { tfName, gpu } = await LOADERS[name]();
    return { name, tfName, gpu, skipped: [] };
  } catch (error) {
    throw new UserError(`The '${name}' backend could not load (${firstLine(error)}); ${INSTALL_HINT[name]}.`);
  }
}

/**
 * `auto`: node-gpu when TensorFlow reports a GPU device, else node, else the pure backend that is
 * fastest for this size of job.
 */
export async function chooseBackend(requested: BackendName, job: JobSize = 'small'): Promise<BackendChoice> {
  if (requested !== 'auto') return loadBackend(requested);
  const skipped: string[] = [];
  for (const name of ['node-gpu', 'node'] as const) {
    try {
      const choice = await loadBackend(name);
      if (name === 'node-gpu' && !choice.gpu) {
        skipped.push('node-gpu: loaded, but TensorFlow reports no GPU device');
        continue;
      }
      return { ...choice, skipped };
    } catch (error) {
      skipped.push(`${name}: ${firstLine(error).replace(/; install it.*$/, '')}`);
    }
  }
  const pure = job === 'large' ? (['wasm', 'cpu'] as const) : (['cpu', 'wasm'] as const);
  for (const name of pure) {
    try {
      const choice = await loadBackend(name);
      return { ...choice, skipped };
    } catch (error) {
      skipped.push(`${name}: ${firstLine(error)}`);
    }
  }
  throw new UserError(
    `No TensorFlow.js backend could load (${skipped.join('; ')}); run \`npm ci\` to reinstall the dependencies.`,
  );
}

/** Reads `--backend` / `TFJS_BACKEND`, with the flag winning; validates the name. */
export function parseBackendName(value: string | undefined): BackendName {
  const name = (value ?? 'auto').trim();
  if ((BACKEND_NAMES as readonly string[]).includes(name)) return name as BackendName;
  throw new UserError(`Unknown backend '${name}'; choose one of: ${BACKEND_NAMES.join(', ')}.`, 2);
}

/** The lines every run prints so that a reader knows what computed its numbers. */
export function describeBackend(choice: BackendChoice): string[] {
  const lines = choice.skipped.map((reason) => `backend skipped: ${reason}`);
  lines.push(`backend: ${choice.name}${choice.gpu ? ' (GPU)' : ''}`);
  return lines;
}

/** Quiets TensorFlow.js's "install tfjs-node" banner and its debug checks, which cost time per op. */
export function quietTensorFlow(): void {
  tf.enableProdMode();
}
