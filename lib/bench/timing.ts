/**
 * Times repeated calls of a step: a few unmeasured warm-up calls (first calls compile kernels and
 * grow memory), then `steps` measured ones, each on its own, so a slow outlier shows.
 */
import os from 'node:os';

export interface StepTiming {
  /** Milliseconds of each measured call. */
  samples: number[];
  /** Their median: the typical step, robust to a neighbour's process stealing the CPU for a moment. */
  medianMs: number;
  meanMs: number;
}

export interface TimeOptions {
  warmup: number;
  steps: number;
  /** A clock in milliseconds; tests pass a fake one. */
  now?: () => number;
}

export function timeSteps(
  step: (index: number) => void,
  { warmup, steps, now = () => performance.now() }: TimeOptions,
): StepTiming {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a whole number ≥ 1, got ${steps}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`warmup must be a whole number ≥ 0, got ${warmup}`);
  let index = 0;
  for (; index < warmup; index++) step(index);
  const samples: number[] = [];
  for (let i = 0; i < steps; i++, index++) {
    const start = now();
    step(index);
    samples.push(now() - start);
  }
  return { samples, medianMs: median(samples), meanMs: samples.reduce((s, v) => s + v, 0) / samples.length };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** GFLOP/s of a step of `flops` taking `ms` milliseconds. */
export const gflopsPerSecond = (flops: number, ms: number) => flops / (ms / 1000) / 1e9;

/** The 1-, 5- and 15-minute load averages, as every benchmark prints them beside its times. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
