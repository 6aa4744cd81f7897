/**
 * The `webgpu` backend in Node: Dawn's bindings set up, the adapter found and described, then
 * tfjs-backend-webgpu imported and activated with synchronous reads that work without a canvas.
 */
import * as tf from '@tensorflow/tfjs';
import { type AdapterSummary, summarizeAdapter } from './adapter';
import { installDawn } from './dawn';
import { type ErrorWatchedBackend, throwOnGpuErrors } from './device-errors';
import { enableSyncReads } from './sync-read';
import { registerTf1AdamWebGpu } from './tf1-adam-kernel';
import { WebGpuUnavailable } from './unavailable';

/** tfjs-backend-webgpu asks for this adapter; so do we, to describe the one it will get. */
const ADAPTER_OPTIONS: GPURequestAdapterOptions = { powerPreference: 'high-performance' };

function noAdapter(): WebGpuUnavailable {
  if (process.platform !== 'linux') {
    const api = process.platform === 'darwin' ? 'Metal' : 'Direct3D 12';
    return new WebGpuUnavailable(
      `Dawn found no ${api} GPU adapter`,
      'update the graphics driver or use `--backend wasm`',
    );
  }
  return new WebGpuUnavailable(
    'Dawn found no usable Vulkan driver, so there is no GPU adapter',
    'install your GPU’s Vulkan driver (AMD, Intel: `sudo apt-get install mesa-vulkan-drivers`; NVIDIA: its driver ' +
      'package), or, to test without a GPU, run `.ci/software-vulkan` for Mesa 25’s software driver',
  );
}

let probing: Promise<AdapterSummary> | undefined;

/** Finds the adapter the backend would use, without creating a device; once per process (`auto` asks, then loads). */
export function probeWebGpuAdapter(): Promise<AdapterSummary> {
  probing ??= probe();
  return probing;
}

async function probe(): Promise<AdapterSummary> {
  const gpu = await installDawn();
  const adapter = await gpu.requestAdapter(ADAPTER_OPTIONS);
  if (!adapter) throw noAdapter();
  return summarizeAdapter(adapter);
}

/** Imports tfjs-backend-webgpu, which registers `webgpu` only if navigator.gpu exists by then (./dawn). */
export async function registerWebGpuBackend(): Promise<void> {
  await installDawn();
  await import('@tensorflow/tfjs-backend-webgpu');
}

/** What the active `webgpu` backend needs in Node: sync reads, GPU errors as errors, TF 1.x Adam as one kernel. */
export async function finishWebGpuSetup(): Promise<void> {
  const { webgpu_util } = await import('@tensorflow/tfjs-backend-webgpu');
  const backend = tf.backend() as unknown as ErrorWatchedBackend;
  enableSyncReads(backend);
  throwOnGpuErrors(backend);
  registerTf1AdamWebGpu(webgpu_util);
}
