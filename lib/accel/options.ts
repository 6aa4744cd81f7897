/**
 * Every switch of the CPU acceleration, in one place: the two environment variables and the
 * routes that each kernel may take. All routes are on by default and correctness does not depend
 * on any of them; turning one off runs the route it replaced, so that the variant bench
 * (scripts/bench-variants.ts) can time each against its predecessor in one process and the tests
 * can check each against the other.
 */
import os from 'node:os';

/** tfjs-backend-wasm pre-creates this many pthread workers; XNNPACK's pool cannot use more. */
export const MAX_WASM_THREADS = 8;

/**
 * `TFJS_WASM_THREADS`: unset, the threaded build with one thread per core Node may use (at most
 * 8); `0`, tfjs's own single-threaded build (no thread pool, no SIMD workers); 1 to 8, that many
 * threads.
 */
export function wasmThreadsOption(env: NodeJS.ProcessEnv = process.env): number | null {
  const text = (env.TFJS_WASM_THREADS ?? '').trim();
  if (text === '') return Math.min(MAX_WASM_THREADS, os.availableParallelism());
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 0 || threads > MAX_WASM_THREADS)
    throw new Error(
      `TFJS_WASM_THREADS must be 0 (tfjs's single-threaded build) or a thread count ` +
        `from 1 to ${MAX_WASM_THREADS}, got '${text}'`,
    );
  return threads === 0 ? null : threads;
}

/**
 * The routes, each replacing a slower (or wrong) one: off, the kernel takes the route before it.
 * Grouped by kernel; every name says what it turns on.
 */
const DEFAULT_ROUTES = {
  /** Conv2D: stride 1, out channels in eights, 8+ in channels, as ../simd/gemm tiles per filter tap. */
  simdConv2D: true,
  /** Conv2D: stride 1, one in channel, out channels in eights, as ../simd/conv-one-channel tiles. */
  oneChannelConv2D: true,
  /** FusedConv2D: the Conv2D routes, bias and relu in or after their output pass; explicit padding for the rest. */
  fusedConv2D: true,
  /** The tap sums' leftover pixels in two-pixel tiles (../routes/conv-taps); off, one-pixel tiles. */
  pairTiles: true,
  /** Conv2DBackpropFilter: stride 1, out channels in eights, as ../simd/filter-tile sums. */
  simdConvFilterGrad: true,
  /** Conv2DBackpropInput: stride 1, in channels in eights, as ../simd/gemm tiles per filter tap. */
  simdConvInputGrad: true,
  /** MaxPool: 2×2/2 over even sides, channels in fours, as ../simd/max-pool on the pool. */
  simdMaxPool: true,
  /** MaxPoolGrad: the non-overlapping 2×2/2 loop instead of the general one… */
  maxPoolGrad2x2: true,
  /** …and, for even sides and channels in fours, that loop as ../simd/max-pool-grad. */
  simdMaxPoolGrad: true,
  /** BatchMatMul: unbatched A·B, A·Bᵀ and Aᵀ·B as SIMD tiles (../routes/products), weights where they lie… */
  simdMatMul: true,
  /** …and, for sides outside the tiles' multiples (the 10-way head), on zero-padded copies… */
  paddedMatMul: true,
  /** …A·B with panels of B copied per depth block into L1 (../routes/products). */
  packedMatMul: true,
  /** BatchMatMul on XNNPACK: count its packing of fresh right operands when choosing A·B or (Bᵀ·Aᵀ)ᵀ. */
  packAwareMatMul: true,
  /** Identity and same-dtype Cast share the input's buffer instead of copying it. */
  shareIdentity: true,
  /**
   * The pool's threads take four chunks each, as they come (../pool/kernel-table); off, one fixed
   * part per thread.
   */
  poolChunks: true,
  /** Sum over leading axes without the stock kernel's transpose… */
  leadingAxesSum: true,
  /** …and as float64 column sums in ../simd/column-sum on the pool. */
  simdSum: true,
  /**
   * Add, Sub, Multiply, RealDiv, Relu and Step on float32: small outputs as a JavaScript loop,
   * large same-shape, bias-broadcast and scalar ones as ../simd/elementwise on the pool.
   */
  elementwise: true,
};

export type Route = keyof typeof DEFAULT_ROUTES;
export const ROUTES = Object.keys(DEFAULT_ROUTES) as Route[];

export const accelOptions = {
  /**
   * Fused multiply-adds (`f32x4.relaxed_madd`, ./simd/fma) where the engine validates them;
   * `TFJS_WASM_FMA=0` keeps the multiply-then-add kernels.
   */
  fusedMultiplyAdd: process.env.TFJS_WASM_FMA !== '0',
  /** The SIMD pool's worker threads; off, every part runs on the main thread (same bits, one core). */
  poolWorkers: true,
  /** Tf1AdamUpdate on wasm as WebAssembly SIMD; off, the JavaScript loop (same bits). */
  simdAdamUpdate: true,
  routes: { ...DEFAULT_ROUTES } as Record<Route, boolean>,
};

/** Runs `f` with some routes switched, then (when its promise settles, if it returns one) restores them. */
export function withRoutes<T>(routes: Partial<Record<Route, boolean>>, f: () => T): T {
  const saved = { ...accelOptions.routes };
  const restore = () => Object.assign(accelOptions.routes, saved);
  Object.assign(accelOptions.routes, routes);
  let result: T;
  try {
    result = f();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

/** Sets every route: on if listed in `on`, off otherwise. */
export function onlyRoutes(on: readonly Route[]): void {
  for (const route of ROUTES) accelOptions.routes[route] = on.includes(route);
}
