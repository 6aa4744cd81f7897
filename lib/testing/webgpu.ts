/**
 * For tests that need the `webgpu` backend: whether this machine has an adapter, and a `describe`
 * that runs only where it does. Without one the tests are skipped and say why, except in CI
 * (CI=true), where .ci/run installs a software driver and a missing adapter is a failure.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadBackend } from '../backend';
import { formatAdapter } from '../webgpu/adapter';

export type WebGpuAvailability = { ok: true; adapter: string } | { ok: false; reason: string };

/** Loads `webgpu` once (then puts the previous backend back) and reports what happened. */
async function probe(): Promise<WebGpuAvailability> {
  const previous = tf.getBackend();
  try {
    const choice = await loadBackend('webgpu');
    return { ok: true, adapter: formatAdapter(choice.adapter!) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    if (previous) await tf.setBackend(previous);
  }
}

export const webGpu: WebGpuAvailability = await probe();

/** `describe` for webgpu tests: runs them, skips them with the reason, or (in CI) fails for lack of an adapter. */
export function describeOnWebGpu(name: string, body: () => void): void {
  if (webGpu.ok) {
    describe(`${name} (webgpu on ${webGpu.adapter})`, body);
    return;
  }
  const { reason } = webGpu;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('should find a WebGPU adapter: CI installs one (.ci/software-vulkan)', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  console.warn(`${name}: skipped, no WebGPU here. ${reason}`);
  describe.skip(`${name} (skipped: no WebGPU adapter)`, body);
}

/** In a `describeOnWebGpu` body: its tests start on webgpu, and the backend before them is put back after. */
export function useWebGpuBackend(): void {
  const original = tf.getBackend();
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });
  afterAll(async () => {
    await tf.setBackend(original);
  });
}
