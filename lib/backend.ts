/**
 * Chooses the TensorFlow.js backend for everything: tests, solutions, scripts.
 *
 * `auto` prefers a GPU through tfjs-node-gpu, then a hardware WebGPU adapter (for the CNNs), then
 * tfjs-node if the user installed it, then the fastest pure-JS backend for the size of the job. A
 * backend asked for by name must load or the run stops with one sentence saying why and what to
 * install: a silent fallback would make every timing and every "GPU" claim a lie.
 */
import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { type AdapterSummary, formatAdapter } from './webgpu/adapter';
import { WebGpuUnavailable } from './webgpu/unavailable';

export const BACKEND_NAMES = ['auto', 'node-gpu', 'webgpu', 'node', 'wasm', 'cpu'] as const;
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
  /** TensorFlow.js's own name for it (`tensorflow`, `webgpu`, `wasm`, `cpu`). */
  tfName: string;
  /** Computes on a GPU (a software WebGPU adapter does not count). */
  gpu: boolean;
  /** The WebGPU adapter, for `webgpu`. */
  adapter?: AdapterSummary;
  /** One line per backend that `auto` passed over, and why. */
  skipped: string[];
}

const INSTALL_HINT: Record<Exclude<BackendName, 'auto'>, string> = {
  'node-gpu':
    'install it with `npm run setup:cuda` on Linux x86-64 with an NVIDIA driver, CUDA 11.2 and cuDNN 8.1, ' +
    'with network access for its libtensorflow download',
  webgpu:
    'reinstall the dependencies with `npm ci`; webgpu@0.6.2 and @tensorflow/tfjs-backend-webgpu@4.22.0 ship ' +
    'with this repository',
  node:
    'install it with `npm install @tensorflow/tfjs-node@4.22.0` (its install downloads libtensorflow, so it ' +
    'needs network access)',
  wasm: 'reinstall the dependencies with `npm ci`; @tensorflow/tfjs-backend-wasm@4.22.0 ships with this repository',
  cpu: 'reinstall the dependencies with `npm ci`',
};

type Loader = () => Promise<{ tfName: string; gpu: boolean; adapter?: AdapterSummary }>;

/** Imports a package by a name TypeScript cannot see: a missing optional package fails at run time, not in tsc. */
const importOptional = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

/**
 * Makes a registered backend the active one. If it cannot initialise, it is unregistered and the
 * backend that was active is put back: tfjs would otherwise go on naming the failed one in
 * `tf.getBackend()`, with nothing behind it, and try it again as the "best" backend.
 */
export async function activateBackend(tfName: string): Promise<void> {
  const initialised = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  const previous = tf.getBackend() in initialised ? tf.getBackend() : undefined;
  let failure = '';
  try {
    if (await tf.setBackend(tfName)) return void (await tf.ready());
  } catch (error) {
    failure = `: ${firstLine(error)}`;
  }
  tf.removeBackend(tfName);
  if (previous) await tf.setBackend(previous);
  throw new Error(`TensorFlow.js could not initialise the '${tfName}' backend${failure}`);
}

const LOADERS: Record<Exclude<BackendName, 'auto'>, Loader> = {
  'node-gpu': async () => {
    await importOptional('@tensorflow/tfjs-node-gpu');
    await activateBackend('tensorflow');
    const gpu = Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
    return { tfName: 'tensorflow', gpu };
  },
  webgpu: async () => {
    const webgpu = await import('./webgpu/load');
    const adapter = await webgpu.probeWebGpuAdapter();
    await webgpu.registerWebGpuBackend();
    await activateBackend('webgpu');
    await webgpu.finishWebGpuSetup();
    return { tfName: 'webgpu', gpu: !adapter.software, adapter };
  },
  node: async () => {
    await importOptional('@tensorflow/tfjs-node');
    await activateBackend('tensorflow');
    return { tfName: 'tensorflow', gpu: false };
  },
  wasm: async () => {
    // The wasm backend with the training kernels and threads tfjs lacks in Node (lib/accel).
    const accel = await import('./accel');
    await accel.prepareWasmBackend();
    await activateBackend('wasm');
    accel.registerAllKernels();
    return { tfName: 'wasm', gpu: false };
  },
  cpu: async () => {
    await activateBackend('cpu');
    return { tfName: 'cpu', gpu: false };
  },
};

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}

/** The sentence for a backend that cannot load: what went wrong, then what to install. */
function cannotLoad(name: Exclude<BackendName, 'auto'>, error: unknown): UserError {
  if (error instanceof WebGpuUnavailable) {
    return new UserError(`The '${name}' backend could not load (${error.reason}); ${error.fix}.`);
  }
  return new UserError(`The '${name}' backend could not load (${firstLine(error)}); ${INSTALL_HINT[name]}.`);
}

/** Loads one named backend, or throws a UserError that says why and what to install. */
export async function loadBackend(name: Exclude<BackendName, 'auto'>): Promise<BackendChoice> {
  try {
    const { tfName, gpu, adapter } = await LOADERS[name]();
    return { name, tfName, gpu, ...(adapter && { adapter }), skipped: [] };
  } catch (error) {
    throw cannotLoad(name, error);
  }
}

/**
 * `TFJS_AUTO=pure` keeps `auto` on the backends that ship in JavaScript and wasm. The grader sets it:
 * probing a GPU loads native bindings that add globals (Dawn's `GPU*` classes, its `setImmediate`
 * hook) in the middle of a test, which the pinned runner must take for tampering; and the bands
 * the kata tests hold to were measured on cpu and wasm.
 */
export const AUTO_ENV = 'TFJS_AUTO';
const PURE_ONLY_REASON = `node-gpu, webgpu, node: not tried, ${AUTO_ENV}=pure keeps auto on cpu and wasm (graded runs)`;

/** The GPU and libtensorflow backends, in `auto`'s order of preference. */
async function autoNative(job: JobSize, skipped: string[]): Promise<BackendChoice | undefined> {
  return (
    (await autoTensorFlow('node-gpu', skipped)) ??
    (await autoWebGpu(job, skipped)) ??
    (await autoTensorFlow('node', skipped))
  );
}

/**
 * WebGPU for `auto`: only a hardware adapter, only for a large job. A software adapter runs the
 * CNNs far slower than our wasm kernels, and a small model's steps are all kernel-launch overhead.
 */
async function autoWebGpu(job: JobSize, skipped: string[]): Promise<BackendChoice | undefined> {
  if (job === 'small') {
    // Not even probed: loading Dawn costs a test file or a chapter 1 run more than it could gain.
    skipped.push(
      'webgpu: not tried for a small model, whose steps are mostly kernel launches (`--backend webgpu` forces it)',
    );
    return undefined;
  }
  try {
    const { probeWebGpuAdapter } = await import('./webgpu/load');
    const adapter = await probeWebGpuAdapter();
    if (adapter.software) {
      skipped.push(
        `webgpu: the adapter ${formatAdapter(adapter)} computes on the CPU, far slower than wasm for training ` +
          '(`--backend webgpu` uses it anyway)',
      );
      return undefined;
    }
  } catch (error) {
    skipped.push(`webgpu: ${error instanceof WebGpuUnavailable ? error.reason : firstLine(error)}`);
    return undefined;
  }
  try {
    return await loadBackend('webgpu');
  } catch (error) {
    skipped.push(`webgpu: ${firstLine(error).replace(/; [^;]*\.$/, '')}`);
    return undefined;
  }
}

/** tfjs-node or tfjs-node-gpu for `auto`: the second only when TensorFlow reports a GPU device. */
async function autoTensorFlow(name: 'node-gpu' | 'node', skipped: string[]): Promise<BackendChoice | undefined> {
  try {
    const choice = await loadBackend(name);
    if (name === 'node-gpu' && !choice.gpu) {
      skipped.push('node-gpu: loaded, but TensorFlow reports no GPU device');
      return undefined;
    }
    return choice;
  } catch (error) {
    skipped.push(`${name}: ${firstLine(error).replace(/; install it.*$/, '')}`);
    return undefined;
  }
}

/**
 * `auto`: node-gpu when TensorFlow reports a GPU device, else webgpu on a hardware adapter for a
 * large job, else node, else the pure backend that is fastest for this size of job.
 */
export async function chooseBackend(requested: BackendName, job: JobSize = 'small'): Promise<BackendChoice> {
  if (requested !== 'auto') return loadBackend(requested);
  const pure = process.env[AUTO_ENV] === 'pure';
  const skipped: string[] = pure ? [PURE_ONLY_REASON] : [];
  const found = pure ? undefined : await autoNative(job, skipped);
  if (found) return { ...found, skipped };
  const fastestFirst = job === 'large' ? (['wasm', 'cpu'] as const) : (['cpu', 'wasm'] as const);
  for (const name of fastestFirst) {
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
  const adapter = choice.adapter ? ` on ${formatAdapter(choice.adapter)}` : '';
  lines.push(`backend: ${choice.name}${choice.gpu ? ' (GPU)' : ''}${adapter}`);
  return lines;
}

/**
 * The largest tensor, in bytes, one kernel of the active backend can read or write: a WebGPU adapter
 * binds at most `maxStorageBufferBindingSize` at once (128 MiB on Mesa's lavapipe; a kernel given more
 * is rejected), the other backends have no such limit.
 */
export function largestTensorBytes(): number {
  const device = (tf.backend() as unknown as { device?: { limits?: { maxStorageBufferBindingSize?: number } } }).device;
  return device?.limits?.maxStorageBufferBindingSize ?? Number.POSITIVE_INFINITY;
}

/** Quiets TensorFlow.js's "install tfjs-node" banner and its debug checks, which cost time per op. */
export function quietTensorFlow(): void {
  tf.enableProdMode();
}
