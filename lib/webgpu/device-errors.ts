/**
 * GPU errors surface as errors. WebGPU reports a kernel it rejects (most often a tensor larger than
 * the adapter lets one kernel bind, `maxStorageBufferBindingSize`) as an event only, and drops the
 * work: tfjs-backend-webgpu listens to none, so the results would be silently wrong. `throwOnGpuErrors`
 * records the device's errors and makes the next read of any tensor throw the first of them.
 */
import type { WebGpuBackendInternals } from './sync-read';

export interface ErrorWatchedBackend extends WebGpuBackendInternals {
  device: GPUDevice;
  read(dataId: object): Promise<unknown>;
}

/** The sentence a read throws: what the GPU said, and the likely cause when it is a binding too large. */
export function gpuErrorMessage(message: string, maxBindingBytes: number): string {
  const first = message.split('\n')[0]!.trim().replace(/\.$/, '');
  const tooLarge = /binding size|maxStorageBufferBindingSize|exceeds the max/i.test(message)
    ? `; a tensor is larger than the ${Math.round(maxBindingBytes / 2 ** 20)} MiB this adapter binds at once ` +
      '(maxStorageBufferBindingSize): use smaller batches or chunks'
    : '';
  return `The GPU rejected work, so results computed since are wrong (${first})${tooLarge}.`;
}

const watched = new WeakSet<object>();

export function throwOnGpuErrors(backend: ErrorWatchedBackend): void {
  if (watched.has(backend)) return;
  watched.add(backend);
  const errors: string[] = [];
  backend.device.addEventListener('uncapturederror', (event) => {
    errors.push((event as GPUUncapturedErrorEvent).error.message);
    event.preventDefault(); // reported once, by the read that throws, instead of also on stdout
  });
  const check = () => {
    const first = errors.shift();
    if (first !== undefined) {
      errors.length = 0;
      throw new Error(gpuErrorMessage(first, backend.device.limits.maxStorageBufferBindingSize));
    }
  };
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    const values = readSync(dataId);
    check();
    return values;
  };
  const read = backend.read.bind(backend);
  backend.read = async (dataId) => {
    const values = await read(dataId);
    check();
    return values;
  };
}
