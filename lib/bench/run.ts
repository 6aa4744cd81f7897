/**
 * Runs the bench: for every backend that loads, every case (a chapter's training step) is warmed
 * up and timed in this one process, so the ratios between backends are not skewed by a neighbour
 * process that happened to run during one of them.
 */
import * as tf from '@tensorflow/tfjs';
import { loadBackend, type BackendName } from '../backend';
import { formatAdapter } from '../webgpu/adapter';
import { trainingStepFlops, type Layer } from './flops';
import type { BenchRow } from './report';
import { gflopsPerSecond, timeSteps } from './timing';

/** One thing to time: a chapter's training step, built fresh on each backend. */
export interface BenchCase {
  chapter: string;
  /** The layers whose FLOPs a step costs (see flops.ts). */
  layers: readonly Layer[];
  batchSize: number;
  /** Builds the network, optimizer and batches on the current backend. */
  setUp(): BenchStep;
}

export interface BenchStep {
  /** Runs training step `index` (0, 1, …) to completion, its loss read back. */
  step(index: number): void;
  dispose(): void;
}

/** How many steps to time on one backend; `steps: 0` skips the backend. */
export interface StepPlan {
  warmup: number;
  steps: number;
}

export interface BenchOptions {
  backends: readonly Exclude<BackendName, 'auto'>[];
  cases: readonly BenchCase[];
  /** The plan for each backend. */
  plan: (backend: Exclude<BackendName, 'auto'>) => StepPlan;
  print: (line: string) => void;
  /** Per case, also print the kernels that took the most time in one profiled step. */
  profile?: boolean;
}

export interface BenchResult {
  rows: BenchRow[];
  /** `backend: reason` for each backend that did not load or was skipped. */
  skipped: string[];
}

/** Kernels listed per profiled step. */
const TOP_KERNELS = 8;

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const skipped: string[] = [];
  for (const name of options.backends) {
    const plan = options.plan(name);
    if (plan.steps === 0) {
      skipped.push(`${name}: skipped (0 steps asked)`);
      continue;
    }
    try {
      const choice = await loadBackend(name);
      options.print(
        `backend ${name}${choice.gpu ? ' (GPU)' : ''}` +
          `${choice.adapter ? ` on ${formatAdapter(choice.adapter)}` : ''}: ` +
          `${plan.warmup} warm-up + ${plan.steps} timed steps per chapter`,
      );
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const benchCase of options.cases) {
      const run = benchCase.setUp();
      try {
        const timing = timeSteps((i) => run.step(i), plan);
        const flopsPerStep = trainingStepFlops(benchCase.layers, benchCase.batchSize);
        const row: BenchRow = {
          chapter: benchCase.chapter,
          backend: name,
          steps: plan.steps,
          warmup: plan.warmup,
          medianMs: timing.medianMs,
          meanMs: timing.meanMs,
          flopsPerStep,
          gflops: gflopsPerSecond(flopsPerStep, timing.medianMs),
        };
        rows.push(row);
        options.print(
          `  ${row.chapter} on ${name}: ${row.medianMs.toFixed(1)} ms per step (median of ${plan.steps}), ` +
            `${row.gflops.toFixed(2)} GFLOP/s`,
        );
        if (options.profile)
          (await profileStep(run, plan.warmup + plan.steps)).forEach((line) => options.print(`    ${line}`));
      } finally {
        run.dispose();
      }
    }
  }
  return { rows, skipped };
}

/** The kernels of one step by total time, slowest first. */
export async function profileStep(run: BenchStep, index: number): Promise<string[]> {
  const info = await tf.profile(() => run.step(index));
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    entry.calls += 1;
    byKernel.set(k.name, entry);
  }
  return [...byKernel]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, TOP_KERNELS)
    .map(([name, { ms, calls }]) => `${name}: ${ms.toFixed(1)} ms in ${calls} call${calls === 1 ? '' : 's'}`);
}
