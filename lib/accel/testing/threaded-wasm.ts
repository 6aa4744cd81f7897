/**
 * The backend the kernel tests run on: the threaded wasm build with two threads (so the SIMD pool
 * has one worker) and every kernel of this folder registered, and the bits of a computation on the
 * pool's threads and on the main thread alone.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, expect } from 'vitest';
import { accelOptions } from '../options';
import { enableWasmThreads } from '../pool/threads';
import { registerAllKernels } from '../register_all_kernels';

/** Two threads: the machine this repository plans for has two cores, so the pool has one worker. */
export const TEST_THREADS = 2;

/**
 * Whether the wasm backend had started before this file (a worker whose setup picked it, with
 * TFJS_BACKEND=wasm): its thread count can no longer change, so thread-count checks skip.
 */
export const wasmAlreadyRunning = tf.engine().registry.wasm != null;

/** Switches to the threaded wasm backend with the kernels registered; returns the backend to go back to. */
export async function useThreadedWasm(): Promise<string> {
  const previous = tf.getBackend();
  if (!wasmAlreadyRunning) enableWasmThreads({ threads: TEST_THREADS });
  await tf.setBackend('wasm');
  registerAllKernels();
  return previous;
}

/** Runs this test file on the threaded wasm backend (useThreadedWasm), and goes back after it. */
export function onThreadedWasm(): void {
  let previous = '';
  beforeAll(async () => {
    previous = await useThreadedWasm();
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });
}

/** The float32 bits of every tensor `f` makes. */
function bitsOf(f: () => tf.Tensor | tf.Tensor[]): Uint32Array[] {
  const outs = tf.tidy(() => {
    const out = f();
    return Array.isArray(out) ? out : [out];
  });
  const bits = outs.map((t) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer));
  tf.dispose(outs);
  return bits;
}

/**
 * The bits of f() computed with the pool's worker threads, and on the main thread alone as one
 * chunk (what a one-thread pool computes).
 */
export function onThreadsAndAlone(f: () => tf.Tensor | tf.Tensor[]): [Uint32Array[], Uint32Array[]] {
  const threaded = bitsOf(f);
  accelOptions.poolWorkers = false;
  try {
    return [threaded, bitsOf(f)];
  } finally {
    accelOptions.poolWorkers = true;
  }
}

/** The same bits, array for array (a plain loop: deep equality over large typed arrays is slow). */
export function expectSameBits(actual: Uint32Array[], expected: Uint32Array[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((got, i) => {
    const want = expected[i]!;
    expect(got.length).toBe(want.length);
    for (let j = 0; j < want.length; j++) {
      if (got[j] !== want[j]) throw new Error(`output ${i}[${j}]: bits ${got[j]} differ from ${want[j]}`);
    }
  });
}

/** The bits of each value, every NaN as one pattern (engines differ in the NaN they produce). */
export function valueBits(arrays: Float32Array[]): Uint32Array[] {
  return arrays.map((a) => {
    const canonical = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) canonical[i] = Number.isNaN(a[i]!) ? Number.NaN : a[i]!;
    return new Uint32Array(canonical.buffer);
  });
}
