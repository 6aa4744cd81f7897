/**
 * ms per training step of the chapter 4 and 5 networks (lib/wasm/bench-step.ts).
 *
 *   npx tsx scripts/bench-kernels.ts [--backend wasm|cpu] [--threads] [--stock] [--steps N] [ch4] [ch5]
 *
 * --threads: wasm's threaded SIMD build (lib/wasm/threads.ts); --stock: wasm without the training
 * kernels (fails on the conv filter gradient, which stock wasm lacks). Threads are chosen when the
 * backend initialises, so compare threaded and unthreaded runs in separate processes.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { timeTrainingStep, type Chapter } from '../lib/wasm/bench-step';
import { registerWasmTrainingKernels } from '../lib/wasm/register';
import { enableWasmThreads } from '../lib/wasm/threads';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const backend = option('--backend') ?? 'wasm';
const steps = Number(option('--steps') ?? 10);
const chapters = args.filter((a): a is Chapter => a === 'ch4' || a === 'ch5');

tf.enableProdMode();
if (backend === 'wasm' && args.includes('--threads')) enableWasmThreads();
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
if (backend === 'wasm' && !args.includes('--stock')) registerWasmTrainingKernels();
const threads = backend === 'wasm' ? getThreadsCount() : 1;
for (const chapter of chapters.length > 0 ? chapters : (['ch4', 'ch5'] as const)) {
  const ms = await timeTrainingStep(chapter, backend, steps, { warmup: backend === 'cpu' ? 0 : 2 });
  console.log(`${chapter} ${backend} threads=${threads}: ${ms.toFixed(1)} ms/step (${steps} steps)`);
}
