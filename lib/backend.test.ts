import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AUTO_ENV, activateBackend, chooseBackend, describeBackend, loadBackend, parseBackendName } from './backend';
import { UserError } from './errors';
import { webGpu } from './testing/webgpu';

// Backends are process-wide in TensorFlow.js: put back the one the test setup chose.
const original = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(original);
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('backend choice', () => {
  it('should accept every documented backend name and default to auto', () => {
    for (const name of ['auto', 'node-gpu', 'webgpu', 'node', 'wasm', 'cpu']) expect(parseBackendName(name)).toBe(name);
    expect(parseBackendName(undefined)).toBe('auto');
  });

  it('should reject an unknown name with the list of valid ones and exit code 2', () => {
    const error = (() => {
      try {
        parseBackendName('nope');
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toMatch(/Unknown backend 'nope'; choose one of: auto, node-gpu, webgpu, node, wasm, cpu/);
    expect(error!.exitCode).toBe(2);
  });

  it('should say what to install when tfjs-node-gpu cannot load, instead of falling back', async () => {
    const error = await rejection(loadBackend('node-gpu'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/The 'node-gpu' backend could not load .*CUDA 11\.2 and cuDNN 8\.1/);
  });

  it('should pick cpu for a small job in auto mode and say why each faster backend was skipped', async () => {
    const choice = await chooseBackend('auto', 'small');
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.skipped.map((s) => s.split(':')[0])).toEqual(['node-gpu', 'webgpu', 'node']);
    expect(choice.skipped[1], 'webgpu is not even tried for a small model').toMatch(/not tried for a small model/);
    expect(describeBackend(choice)).toEqual([...choice.skipped.map((s) => `backend skipped: ${s}`), 'backend: cpu']);
  });

  it('should pick wasm for a large job in auto mode', async () => {
    const choice = await chooseBackend('auto', 'large');
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('should not even probe the GPU and libtensorflow backends with TFJS_AUTO=pure (graded runs)', async () => {
    vi.stubEnv(AUTO_ENV, 'pure');
    try {
      const choice = await chooseBackend('auto', 'large');
      expect(choice.name).toBe('wasm');
      expect(choice.skipped).toEqual([expect.stringMatching(/^node-gpu, webgpu, node: not tried, TFJS_AUTO=pure/)]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.runIf(webGpu.ok)(
    'should skip a software WebGPU adapter for a large job, with the adapter and the reason',
    async () => {
      const choice = await chooseBackend('auto', 'large');
      const line = choice.skipped.find((s) => s.startsWith('webgpu:'));
      expect(line).toMatch(/^webgpu: the adapter .*\(.*software.*\) computes on the CPU, far slower than wasm/);
      expect(describeBackend(choice)).toContain(`backend skipped: ${line}`);
    },
  );

  it.runIf(!webGpu.ok)('should say why WebGPU was skipped when there is no adapter', async () => {
    const choice = await chooseBackend('auto', 'large');
    expect(choice.skipped.find((s) => s.startsWith('webgpu:'))).toMatch(/^webgpu: (no Vulkan loader|Dawn found no)/);
  });

  it('should put the previous backend back when a backend fails to initialise, and unregister it', async () => {
    await tf.setBackend('cpu');
    tf.registerBackend('broken-for-test', () => {
      throw new Error('no device');
    });
    await expect(activateBackend('broken-for-test')).rejects.toThrow(
      /could not initialise the 'broken-for-test' backend/,
    );
    expect(tf.getBackend(), 'tfjs must not go on naming the failed backend').toBe('cpu');
    expect(tf.findBackendFactory('broken-for-test'), 'the failed backend is unregistered').toBeNull();
  });

  it('should print the WebGPU adapter on the backend line', () => {
    const adapter = {
      vendor: 'nvidia',
      architecture: 'hopper',
      device: '',
      description: 'NVIDIA H200',
      fallback: false,
    };
    const choice = {
      name: 'webgpu' as const,
      tfName: 'webgpu',
      gpu: true,
      skipped: [],
      adapter: { ...adapter, software: false },
    };
    expect(describeBackend(choice)).toEqual([
      'backend: webgpu (GPU) on NVIDIA H200 (vendor nvidia, architecture hopper, hardware)',
    ]);
  });

  it('should load a named backend without looking at the others', async () => {
    const choice = await chooseBackend('cpu');
    expect(choice).toEqual({ name: 'cpu', tfName: 'cpu', gpu: false, skipped: [] });
  });
});
