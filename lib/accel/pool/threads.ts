/**
 * Multi-threaded wasm in Node.
 *
 * tfjs-backend-wasm 4.22 never uses its threaded SIMD build in Node: its `WASM_HAS_MULTITHREAD_SUPPORT`
 * flag answers false there, and even when forced true its loader hands Emscripten's pthread worker
 * script to `new Worker()` as a `blob:` URL and the main script as a Blob, which Node's
 * `worker_threads` cannot load. And the C++ side caps its XNNPACK pool at half the logical cores
 * (`emscripten_num_logical_cores() / 2`), so on a 2-core machine it would make one thread anyway.
 *
 * `enableWasmThreads()` re-registers the `wasm` backend with a factory that instantiates the package's
 * own threaded SIMD build (`wasm-out/tfjs-backend-wasm-threaded-simd.{js,wasm}`) the way Emscripten
 * expects in Node: its worker script written once to a file in the OS temp folder, the main script
 * by its path, and a core count that yields the asked-for pool. Everything else (kernels, memory
 * layout) is the stock backend's: `BackendWasm` is built on the threaded module exactly as
 * tfjs-backend-wasm's own `init()` does. Emscripten `ref()`s each pthread worker while it runs a thread,
 * and the pool's threads never end; `keepPoolWorkersUnreferenced` undoes that, so that a process
 * still exits when its work is done.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { MAX_WASM_THREADS } from '../options';

const require = createRequire(import.meta.url);

/** The priority tfjs-backend-wasm registers `wasm` with; kept so that `auto` choices do not move. */
const WASM_PRIORITY = 2;

export interface WasmThreadsOptions {
  /** Threads in XNNPACK's pool, 1 to 8; default: the cores Node may use (`os.availableParallelism()`). */
  threads?: number;
}

type EmscriptenModule = ConstructorParameters<typeof BackendWasm>[0] & {
  cwrap: (name: string, returnType: string | null, argTypes: string[]) => (...args: number[]) => unknown;
  PThread?: unknown;
};
type ThreadedFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

let enabledThreads: number | null = null;

/** The thread count `enableWasmThreads` set up, or null while the stock single-threaded build is in use. */
export function wasmThreadsEnabled(): number | null {
  return enabledThreads;
}

/**
 * Makes the `wasm` backend, when it next initialises, use the threaded SIMD build with a pool of
 * `threads` threads. Call it after importing `@tensorflow/tfjs-backend-wasm` and before the first
 * `tf.setBackend('wasm')` / `tf.ready()` that picks wasm. Throws if the wasm backend is already
 * initialised (its tensors live in the old module's memory) or if the thread count is out of range;
 * calling it again with the same count is a no-op.
 */
export function enableWasmThreads(options: WasmThreadsOptions = {}): void {
  const threads = options.threads ?? Math.min(MAX_WASM_THREADS, os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new Error(`enableWasmThreads: threads must be an integer from 1 to ${MAX_WASM_THREADS}, got ${threads}`);
  }
  if (enabledThreads === threads && tf.findBackendFactory('wasm') === threadedFactory) return;
  if (wasmInitialised()) {
    throw new Error(
      "enableWasmThreads must be called before the wasm backend initialises (before tf.setBackend('wasm'))",
    );
  }
  if (tf.findBackendFactory('wasm') != null) tf.removeBackend('wasm');
  enabledThreads = threads;
  tf.registerBackend('wasm', threadedFactory, WASM_PRIORITY);
}

function wasmInitialised(): boolean {
  return tf.engine().registry.wasm != null;
}

async function threadedFactory(): Promise<BackendWasm> {
  const threads = enabledThreads ?? 1;
  const wasmOut = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const wasmFile = path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.wasm');
  const workerFile = writeWorkerScript(wasmOut);
  const factory = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js')) as ThreadedFactory;
  const binary = await fs.promises.readFile(wasmFile);
  const module = await factory({
    locateFile: (file: string, prefix: string) => {
      if (file.endsWith('.worker.js')) return workerFile;
      if (file.endsWith('.wasm')) return wasmFile;
      return prefix + file;
    },
    // Instantiating ourselves lets us answer the core-count import, which the C++ halves and caps
    // the thread pool with; only the main thread's static constructors read it.
    instantiateWasm: (
      imports: { env: Record<string, unknown> },
      receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => {
      imports.env.emscripten_num_logical_cores = () => 2 * threads;
      // Synchronous, so that a failure reaches Emscripten, which rejects the module's promise.
      const compiled = new WebAssembly.Module(binary);
      const instance = new WebAssembly.Instance(compiled, imports as unknown as WebAssembly.Imports);
      receiveInstance(instance, compiled);
      return instance.exports;
    },
  });
  const tfjsApi = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  (module as unknown as { tfjs: typeof tfjsApi }).tfjs = tfjsApi;
  setThreadsCount(threads);
  keepPoolWorkersUnreferenced(module);
  return new BackendWasm(module);
}

interface PThreadRegistry {
  unusedWorkers?: NodeWorkerLike[];
  runningWorkers?: NodeWorkerLike[];
  getNewWorker?: () => NodeWorkerLike | undefined;
}
interface NodeWorkerLike {
  ref?: () => void;
  unref?: () => void;
}

/**
 * Emscripten `ref()`s a Node worker whenever it starts running a pthread, and XNNPACK's pool
 * threads run for the life of the module, so a process that used threaded wasm never exited
 * (measured: a script that printed its result was still alive ten minutes later). The pool only
 * ever works while the main thread waits for it, so nothing is lost when the process exits with
 * the pool idle: every worker, those pre-created and any made later, stays unreferenced.
 */
function keepPoolWorkersUnreferenced(module: EmscriptenModule): void {
  const registry = (module as unknown as { PThread?: PThreadRegistry }).PThread;
  if (!registry) return;
  const quiet = (worker: NodeWorkerLike | undefined): void => {
    if (!worker || typeof worker.unref !== 'function') return;
    worker.ref = () => {};
    worker.unref();
  };
  for (const worker of [...(registry.unusedWorkers ?? []), ...(registry.runningWorkers ?? [])]) quiet(worker);
  const getNewWorker = registry.getNewWorker;
  if (typeof getNewWorker === 'function') {
    registry.getNewWorker = () => {
      const worker = getNewWorker.call(registry);
      quiet(worker);
      return worker;
    };
  }
}

/**
 * Emscripten's pthread worker script, as a CommonJS file Node's `Worker` can start. Written once per
 * content under the OS temp folder, atomically (several test workers may race to write it).
 */
function writeWorkerScript(wasmOut: string): string {
  const { wasmWorkerContents } = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The package stores the script in a template literal whose `\n` escapes became real newlines,
  // some of them inside string literals; tfjs's own loader re-escapes them the same way.
  const script = wasmWorkerContents.replace(/\n/g, '\\n');
  const digest = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `tfjs-backend-wasm-threaded-simd.worker-${digest}.cjs`);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === script) return file;
  const partial = `${file}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
  fs.writeFileSync(partial, script);
  fs.renameSync(partial, file);
  return file;
}
