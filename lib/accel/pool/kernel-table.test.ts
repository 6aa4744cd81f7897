/**
 * The pool's kernel table (./kernel-table): every module compiles here, with fused multiply-adds
 * where Node has them; a module that does not compile is reported once, in one line, with the
 * route taken instead.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { accelOptions, withRoutes } from '../options';
import { functionBodyOf, i32Kernel, OP } from '../simd/assembler';
import { fusedMultiplyAddAvailable } from '../simd/fma';
import { convCase, convInputs, convOf, hasOutput } from '../testing/conv-cases';
import { TEST_THREADS, onThreadedWasm, wasmAlreadyRunning } from '../testing/threaded-wasm';
import { expectClose, readBack, values, weightedSum } from '../testing/wasm-vs-cpu';
import { chunksFor, compileKernels, simdPoolOf } from './kernel-table';

/** A module that adds with nothing on the stack: it never validates. */
const broken = i32Kernel(0, () => functionBodyOf([], [...OP.i32Add, ...OP.end]));
const working = i32Kernel(0, () => functionBodyOf([], [...OP.end]));

onThreadedWasm();

describe('the pool’s kernel table', () => {
  it('should compile every kernel, with fused multiply-adds on Node 20 and later', () => {
    expect(fusedMultiplyAddAvailable()).toBe(true);
    expect(simdPoolOf(tf.backend() as BackendWasm)).not.toBeNull();
  });

  it.skipIf(wasmAlreadyRunning)('should run on a pool with one worker per extra thread', () => {
    expect(simdPoolOf(tf.backend() as BackendWasm)?.threads).toBe(TEST_THREADS);
  });

  it.skipIf(wasmAlreadyRunning)(
    'should cut work into four chunks a thread, one part a thread without chunks, one alone',
    () => {
      const pool = simdPoolOf(tf.backend() as BackendWasm)!;
      expect(chunksFor(pool, 1000)).toBe(4 * TEST_THREADS);
      expect(chunksFor(pool, 3)).toBe(3);
      expect(withRoutes({ poolChunks: false }, () => chunksFor(pool, 1000))).toBe(TEST_THREADS);
      accelOptions.poolWorkers = false;
      try {
        expect(chunksFor(pool, 1000)).toBe(1);
      } finally {
        accelOptions.poolWorkers = true;
      }
    },
  );

  it('should report a kernel that does not compile in one line, with the route taken instead', () => {
    const lines: string[] = [];
    const report = (line: string) => lines.push(line);
    expect(compileKernels(true, true, report, { working: () => working, broken: () => broken })).toBeNull();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^accel: the SIMD kernel 'broken' does not compile .*without fused multiply-adds run instead\.$/,
    );
    expect(lines[1]).toMatch(/'broken' .*tfjs's own kernels and JavaScript loops instead, several times slower\.$/);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(compileKernels(true, false, report, { working: () => working })).toHaveLength(1);
    expect(lines).toHaveLength(2);
  });

  it('should match the multiply-then-add kernels within float32 rounding with fused multiply-adds', async () => {
    const simd = convCase({
      maxSide: 9,
      inChannels: fc.integer({ min: 8, max: 40 }),
      outChannels: fc.constantFrom(8, 32),
      maxFilter: 5,
      maxStride: 1,
    });
    await fc.assert(
      fc.asyncProperty(simd, fc.integer({ min: 1, max: 30 }), async (c, rows) => {
        fc.pre(hasOutput(c));
        const [x, w] = convInputs(c).map(({ shape, data }) => tf.tensor(data, shape));
        const a = tf.tensor2d(values(rows * 64, c.seed + 2, 'mixed'), [rows, 64]);
        const b = tf.tensor2d(values(64 * 32, c.seed + 3, 'mixed'), [64, 32]);
        const routes = (fma: boolean) => {
          accelOptions.fusedMultiplyAdd = fma;
          try {
            return readBack(() => [
              convOf(c, x!, w!),
              ...tf.grads((p: tf.Tensor, q: tf.Tensor) => weightedSum(convOf(c, p, q)))([x!, w!]),
              ...tf.grads((p: tf.Tensor, q: tf.Tensor) => weightedSum(tf.matMul(p, q)))([a, b]),
            ]);
          } finally {
            accelOptions.fusedMultiplyAdd = true;
          }
        };
        expectClose(routes(true), routes(false));
        tf.dispose([x!, w!, a, b]);
      }),
      { numRuns: 15 },
    );
  });
});
