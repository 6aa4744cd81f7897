/**
 * Before/after ratios of each training-step optimisation, measured side by side in one process.
 *
 *   npx tsx lib/wasm/bench-variants.ts [--no-threads] [--pair] [--rounds N] [--steps-per-round K] [ch4] [ch5]
 *
 * Variants, cumulative: the step as it was (14-op Adam, every kernel switch off), then the fused
 * Adam update, pack-aware products, shared Identity/Cast, leading-axes Sum, the 2×2 max-pool
 * gradient (JavaScript, then SIMD), the SIMD conv filter and input gradients, those on the pool's
 * worker threads, the SIMD products, forward convolution and column sums, fused multiply-adds,
 * and finally the same
 * with tf.fused layers. Threads are fixed when the backend starts,
 * so run once with and once without `--no-threads`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { compareVariants, type Chapter, type Variant } from './bench-step';
import { KERNEL_OPTIONS } from './kernels';
import { SIMD_POOL_OPTIONS } from './simd-pool';
import { registerWasmTrainingKernels } from './register';
import { enableWasmThreads } from './threads';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const rounds = option('--rounds', 6);
const stepsPerRound = option('--steps-per-round', 2);
const chapters = args.filter((a): a is Chapter => a === 'ch4' || a === 'ch5');

tf.enableProdMode();
if (!args.includes('--no-threads')) enableWasmThreads();
if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
registerWasmTrainingKernels();

/**
 * KERNEL_OPTIONS' switches, `simdThreads` for the SIMD pool's worker threads and `simdFma` for its
 * fused multiply-adds (./simd-pool).
 */
type Switch = keyof typeof KERNEL_OPTIONS | 'simdThreads' | 'simdFma';
const ORDER: Switch[] = [
  'packAwareMatMul',
  'shareIdentity',
  'leadingAxesSum',
  'maxPoolGrad2x2',
  'simdMaxPoolGrad',
  'simdConvFilterGrad',
  'simdConvInputGrad',
  'simdThreads',
  'simdMatMul',
  'simdConv2D',
  'simdSum',
  'simdFma',
];
const only = (on: Switch[]) => () => {
  for (const key of ORDER) {
    if (key === 'simdThreads') SIMD_POOL_OPTIONS.threads = on.includes(key);
    else if (key === 'simdFma') SIMD_POOL_OPTIONS.fusedMultiplyAdd = on.includes(key);
    else KERNEL_OPTIONS[key] = on.includes(key);
  }
};
const variants: Variant[] = [
  { name: 'before (14-op Adam, stock routes)', options: { fusedAdam: false }, setup: only([]) },
  { name: '+ fused Adam (SIMD)', setup: only([]) },
  ...ORDER.map((key, i) => ({ name: `+ ${key}`, setup: only(ORDER.slice(0, i + 1)) })),
  { name: '+ tf.fused layers (solution change)', options: { fusedLayers: true }, setup: only(ORDER) },
];

// --pair: only the first and the all-on variant (fewer networks alive in the heap at once).
const chosen = args.includes('--pair') ? [variants[0]!, variants[variants.length - 2]!] : variants;
console.log(
  `wasm, ${getThreadsCount()} thread(s); ${rounds} rounds × ${stepsPerRound} steps per variant; load ${(
    await import('node:os')
  )
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const chapter of chapters.length > 0 ? chapters : (['ch4', 'ch5'] as const)) {
  const results = compareVariants(chapter, chosen, rounds, stepsPerRound);
  const base = results[0]!;
  for (const r of results) {
    console.log(
      `${chapter} ${r.name.padEnd(38)} wall ${r.wallMs.toFixed(1).padStart(6)} ms (×${(base.wallMs / r.wallMs).toFixed(2)})` +
        `  cpu ${r.cpuMs.toFixed(1).padStart(6)} ms (×${(base.cpuMs / r.cpuMs).toFixed(2)})  [${r.steps} steps]`,
    );
  }
}
process.exit(0);
