/**
 * `dataSync()`, `arraySync()` and `print()` for WebGPU tensors in Node.
 *
 * tfjs-backend-webgpu reads synchronously by drawing the buffer through two `OffscreenCanvas`es, which
 * Node does not have ("OffscreenCanvas is not defined"). `enableSyncReads` replaces the backend's
 * `readSync` with the route its own async `read` takes — copy into a mappable staging buffer, map it,
 * copy the bytes out — and waits for the mapping with `pumpDawnEvents` instead of the event loop.
 * Each synchronous read makes the CPU wait for every queued kernel: a loop should read rarely.
 */
import * as tf from '@tensorflow/tfjs';
import { pumpDawnEvents } from './event-pump';

/** A read waits for all queued work; on a software adapter a queue of CNN steps can take minutes. */
const READ_TIMEOUT_MS = 10 * 60 * 1000;

type BackendValues = Float32Array | Int32Array | Uint8Array | Uint8Array[];

interface TensorData {
  values: BackendValues | null;
  dtype: tf.DataType;
  resource: GPUBuffer;
}

/** The parts of tfjs-backend-webgpu 4.22's `WebGPUBackend` that its own `getBufferData` uses. */
export interface WebGpuBackendInternals {
  tensorMap: { get(dataId: object): TensorData | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer; releaseBuffer(buffer: GPUBuffer): void };
  commandEncoder: GPUCommandEncoder;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  readSync(dataId: object): BackendValues;
  convertAndCacheOnCPU(dataId: object, values: BackendValues): BackendValues;
}

const patched = new WeakSet<object>();

/** Reads a whole GPU buffer now, without the event loop. */
function readBufferNow(backend: WebGpuBackendInternals, buffer: GPUBuffer): ArrayBuffer {
  const size = buffer.size;
  const staging = backend.bufferManager.acquireBuffer(size, GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ);
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.commandEncoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
  backend.submitQueue();
  // The promise settles only on the event loop; its failure surfaces below as a mapping that ended unmapped.
  staging.mapAsync(GPUMapMode.READ).catch(() => {});
  try {
    pumpDawnEvents(() => staging.mapState !== 'pending', READ_TIMEOUT_MS, 'a synchronous read of a WebGPU tensor');
    if (staging.mapState !== 'mapped') throw new Error('the GPU could not map a buffer for reading (device lost?)');
    const bytes = staging.getMappedRange().slice(0);
    staging.unmap();
    return bytes;
  } finally {
    backend.bufferManager.releaseBuffer(staging);
  }
}

/** Makes synchronous reads work on this WebGPU backend instance; idempotent. */
export function enableSyncReads(backend: WebGpuBackendInternals): void {
  if (patched.has(backend)) return;
  patched.add(backend);
  const original = backend.readSync.bind(backend);
  backend.readSync = (dataId: object): BackendValues => {
    const data = backend.tensorMap.get(dataId);
    // Cached values, strings and complex numbers (read part by part, through this function) go the stock way.
    if (!data || data.values != null || data.dtype === 'string' || data.dtype === 'complex64') return original(dataId);
    const values = tf.util.convertBackendValuesAndArrayBuffer(readBufferNow(backend, data.resource), data.dtype);
    return backend.convertAndCacheOnCPU(dataId, values as BackendValues);
  };
}
