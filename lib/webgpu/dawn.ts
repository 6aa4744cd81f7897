/**
 * Dawn's Node bindings as the browser's WebGPU: the `GPU*` globals and `navigator.gpu`, which
 * tfjs-backend-webgpu looks for when it is imported (it registers itself only if `navigator.gpu`
 * exists). So `installDawn()` must finish before `import('@tensorflow/tfjs-backend-webgpu')`.
 */
import { captureDawnTicks } from './event-pump';
import { checkRequirements } from './requirements';
import { addSoftwareVulkanIfInstalled } from './software-vulkan';
import { WebGpuUnavailable } from './unavailable';

let installing: Promise<GPU> | undefined;

/** Sets up WebGPU once per process; later calls return the same `GPU`. */
export function installDawn(): Promise<GPU> {
  installing ??= install();
  return installing;
}

async function install(): Promise<GPU> {
  checkRequirements();
  addSoftwareVulkanIfInstalled();
  captureDawnTicks();
  let dawn: { create: (flags: string[]) => GPU; globals: object };
  try {
    dawn = (await import('webgpu')) as typeof dawn;
  } catch (error) {
    throw new WebGpuUnavailable(
      `Dawn's Node bindings did not load (${String(error instanceof Error ? error.message : error).split('\n')[0]})`,
      'reinstall the dependencies with `npm ci` (webgpu@0.6.2 ships with this repository)',
    );
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  // Node 21+ has a global `navigator` with getters only; Node 20 has none.
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  return gpu;
}
