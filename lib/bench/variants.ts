/**
 * Timing variants of the acceleration against each other in one process: each variant (a set of
 * routes and switches, see lib/accel/options.ts) trains its own copy of a case's network, and the
 * variants take turns, round by round, so that every one goes through the same spells of machine
 * load. Medians of wall and CPU time (process.cpuUsage: every thread of the process, the SIMD
 * pool's workers and XNNPACK's threads included) and their ratios to the first variant are what a
 * shared machine can still measure reliably.
 */
import { accelOptions, onlyRoutes, type Route, ROUTES } from '../accel';
import type { BenchCase, BenchStep } from './run';
import { median } from './timing';

export interface Variant {
  name: string;
  /** Sets the switches this variant runs with (called before each of its turns). */
  setup: () => void;
}

export interface VariantTiming {
  name: string;
  /** Medians over all timed steps, ms. */
  wallMs: number;
  cpuMs: number;
  /** The fastest step's wall time, ms: the nearest to an idle machine that a busy one shows. */
  fastestMs: number;
  steps: number;
}

export interface InterleaveOptions {
  rounds: number;
  stepsPerRound: number;
  warmup: number;
  /** Clocks in milliseconds (tests pass fake ones): wall time, and CPU time of the whole process. */
  now?: () => number;
  cpuNow?: () => number;
}

const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Times every variant on its own copy of `benchCase`, interleaved round by round. */
export function compareVariants(benchCase: BenchCase, variants: readonly Variant[], o: InterleaveOptions) {
  const now = o.now ?? (() => performance.now());
  const cpuNow = o.cpuNow ?? processCpuMs;
  const runs: BenchStep[] = [];
  const wall = variants.map((): number[] => []);
  const cpu = variants.map((): number[] => []);
  const index = variants.map(() => 0);
  try {
    variants.forEach((variant, v) => {
      variant.setup();
      const run = benchCase.setUp();
      runs.push(run);
      for (; index[v]! < o.warmup; index[v]!++) run.step(index[v]!);
    });
    for (let round = 0; round < o.rounds; round++) {
      variants.forEach((variant, v) => {
        variant.setup();
        for (let s = 0; s < o.stepsPerRound; s++) {
          const [c0, t0] = [cpuNow(), now()];
          runs[v]!.step(index[v]!++);
          wall[v]!.push(now() - t0);
          cpu[v]!.push(cpuNow() - c0);
        }
      });
    }
  } finally {
    runs.forEach((run) => run.dispose());
    variants.at(-1)?.setup();
  }
  return variants.map(
    (variant, v): VariantTiming => ({
      name: variant.name,
      wallMs: median(wall[v]!),
      cpuMs: median(cpu[v]!),
      fastestMs: Math.min(...wall[v]!),
      steps: wall[v]!.length,
    }),
  );
}

const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;
const ratio = (base: number, value: number) => (base / value).toFixed(2);

/** One line per variant: its medians and how many times faster than the first variant. */
export function formatVariants(label: string, timings: readonly VariantTiming[]): string[] {
  const base = timings[0];
  if (!base) return [];
  const width = Math.max(...timings.map((t) => t.name.length));
  return timings.map(
    (t) =>
      `${label} ${t.name.padEnd(width)}  wall ${ms(t.wallMs)} (×${ratio(base.wallMs, t.wallMs)})` +
      `  fastest ${ms(t.fastestMs)} (×${ratio(base.fastestMs, t.fastestMs)})` +
      `  cpu ${ms(t.cpuMs)} (×${ratio(base.cpuMs, t.cpuMs)})  [${t.steps} steps]`,
  );
}

/**
 * The routes added since the last measured release (issue 4's closing note: ch4 78.4 ms, ch5
 * 132 ms per step); with them off, the kernels run as that release ran them, but for what every
 * route shares: the max-pool gradient's SIMD on the pool's threads, the lighter call lists, the
 * stock Conv2D handed explicit padding.
 */
export const NEW_ROUTES: readonly Route[] = [
  'packedMatMul',
  'paddedMatMul',
  'oneChannelConv2D',
  'elementwise',
  'simdMaxPool',
  'fusedConv2D',
  'pairTiles',
  'poolChunks',
];

const setSwitches =
  (routes: readonly Route[], fma = true) =>
  () => {
    onlyRoutes(routes);
    accelOptions.fusedMultiplyAdd = fma;
  };

/** The last release's routes, then every route: the before/after of the closing note. */
export const releaseVariants = (): Variant[] => [
  { name: 'before: the last release’s routes', setup: setSwitches(ROUTES.filter((r) => !NEW_ROUTES.includes(r))) },
  { name: 'after: every route', setup: setSwitches(ROUTES) },
];

/**
 * Cumulative: every route off (XNNPACK and JavaScript loops, on the threaded build), then each
 * route added in turn, in ROUTES' order, then fused multiply-adds.
 */
export const cumulativeVariants = (): Variant[] => [
  { name: 'every route off', setup: setSwitches([], false) },
  ...ROUTES.map((route, i) => ({ name: `+ ${route}`, setup: setSwitches(ROUTES.slice(0, i + 1), false) })),
  { name: '+ fused multiply-adds', setup: setSwitches(ROUTES) },
];
