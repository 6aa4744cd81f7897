import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend, describeBackend, loadBackend, parseBackendName } from './backend';
import { UserError } from './errors';

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
    for (const name of ['auto', 'node-gpu', 'node', 'wasm', 'cpu']) expect(parseBackendName(name)).toBe(name);
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
    expect(error!.message).toMatch(/Unknown backend 'nope'; choose one of: auto, node-gpu, node, wasm, cpu/);
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
    expect(choice.skipped.map((s) => s.split(':')[0])).toEqual(['node-gpu', 'node']);
    expect(describeBackend(choice)).toEqual([...choice.skipped.map((s) => `backend skipped: ${s}`), 'backend: cpu']);
  });

  it('should pick wasm for a large job in auto mode', async () => {
    const choice = await chooseBackend('auto', 'large');
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('should load a named backend without looking at the others', async () => {
    const choice = await chooseBackend('cpu');
    expect(choice).toEqual({ name: 'cpu', tfName: 'cpu', gpu: false, skipped: [] });
  });
});
