/**
 * Helpers that kata tests share: comparing tensors with plain-JS references, and counting tensors
 * so that a leak is reported as a leak.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/**
 * float32 keeps 24 significant bits (≈ 6e-8 relative); a handful of roundings in a short chain of
 * ops stays well inside 1e-5 relative, while a wrong formula misses by far more.
 */
export const FLOAT32_REL_TOL = 1e-5;

/** Asserts |a − e| ≤ tol·max(1, |e|) elementwise, naming the first index that differs. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relTol = FLOAT32_REL_TOL): void {
  expect(actual.length, 'number of elements').toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Math.abs(a - e) <= relTol * Math.max(1, Math.abs(e));
    if (!ok) expect(a, `element ${i}: got ${a}, the plain-JS reference says ${e}`).toBeCloseTo(e, 10);
  }
}

/**
 * Runs `body` and asserts it left exactly `allowed` more tensors alive than before. Tensors a
 * function returns count as allowed only if the caller disposes them: pass them to `dispose`.
 */
export function expectNoLeak(body: () => tf.TensorContainer | undefined): void {
  const before = tf.memory().numTensors;
  const result = body();
  if (result) tf.dispose(result);
  const after = tf.memory().numTensors;
  expect(
    after - before,
    `tensors leaked: ${after - before} were left alive; wrap intermediate tensor maths in tf.tidy(...)`,
  ).toBe(0);
}

/**
 * Runs a training loop of `steps` steps and asserts it left no tensor alive. The message names the
 * steps, so that a leak of one tensor per step (an undisposed cost) reads as one.
 */
export async function expectNoTrainingLeak(steps: number, train: (steps: number) => unknown): Promise<void> {
  const before = tf.memory().numTensors;
  await train(steps);
  expect(tf.memory().numTensors - before, `tensors leaked by a training run of ${steps} steps`).toBe(0);
}

/** Asserts every value lies in [lo, hi], naming the first one that does not. */
export function expectAllWithin(values: ArrayLike<number>, lo: number, hi: number, what: string): void {
  const at = Array.from(values).findIndex((v) => !(v >= lo && v <= hi));
  if (at >= 0) expect.fail(`${what}[${at}] is ${values[at]}, outside [${lo}, ${hi}]`);
}

/** A plain-JS matrix product of row-major a [n, k] and b [k, m]. */
export function matMulReference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  k: number,
  m: number,
): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p]! * b[p * m + j]!;
      out[i * m + j] = sum;
    }
  return out;
}

/**
 * Asserts `body` throws an error of `kind`. Any other error is rethrown as it is, so an untouched
 * stub still reports its not-implemented error rather than "expected a DivergedError".
 */
export function expectToThrowKind(body: () => unknown, kind: new (...args: never[]) => Error): void {
  try {
    body();
  } catch (error) {
    if (error instanceof kind) return;
    throw error;
  }
  expect.fail(`expected a ${kind.name} to be thrown`);
}

/** `expectToThrowKind` for an async body: asserts its promise rejects with an error of `kind`. */
export async function expectToRejectKind(
  body: () => Promise<unknown>,
  kind: new (...args: never[]) => Error,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof kind) return;
    throw error;
  }
  expect.fail(`expected a ${kind.name} to be thrown`);
}
