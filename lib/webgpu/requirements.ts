/**
 * What Dawn's Node bindings (`webgpu@0.6.2`) need before they can load, checked up front so that a
 * missing piece is named in one sentence instead of a native loader error or a silent null adapter.
 */
import { WebGpuUnavailable } from './unavailable';

/** The platforms webgpu@0.6.2 ships a prebuilt `dawn.node` for. */
const PREBUILT = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
/** dawn.node for Linux is linked against glibc 2.34's symbols. */
const MIN_GLIBC: readonly [number, number] = [2, 34];

/** The running glibc's version ("2.36"), or undefined off glibc (macOS, Windows, musl). */
export function glibcVersion(): string | undefined {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime;
}

/** Whether `version` ("2.31") is at least `min`. */
export function atLeastVersion(version: string, min: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** Whether the dynamic linker finds `library` (by the same search dlopen does: LD_LIBRARY_PATH, ld.so.cache). */
export function sharedLibraryLoads(library: string): boolean {
  try {
    process.dlopen({ exports: {} }, library);
    return true;
  } catch (error) {
    // A library that loads but is no Node addon fails later, with "did not self-register".
    return !/cannot open shared object file|image not found|no such file/i.test(String(error));
  }
}

export interface Host {
  platform: string;
  arch: string;
  glibc: string | undefined;
  hasVulkanLoader: () => boolean;
}

export function currentHost(): Host {
  return {
    platform: process.platform,
    arch: process.arch,
    glibc: glibcVersion(),
    hasVulkanLoader: () => sharedLibraryLoads('libvulkan.so.1'),
  };
}

/** @throws WebGpuUnavailable naming the first missing requirement */
export function checkRequirements(host: Host = currentHost()): void {
  const target = `${host.platform}-${host.arch}`;
  if (!PREBUILT.includes(target)) {
    throw new WebGpuUnavailable(
      `webgpu@0.6.2 has no prebuilt Dawn for ${target}`,
      'use `--backend wasm` (the fastest CPU backend) instead',
    );
  }
  if (host.platform !== 'linux') return;
  if (host.glibc && !atLeastVersion(host.glibc, MIN_GLIBC)) {
    throw new WebGpuUnavailable(
      `glibc ${host.glibc} is older than the ${MIN_GLIBC.join('.')} that Dawn's prebuilt dawn.node needs`,
      'run on a newer Linux (Debian 12, Ubuntu 22.04 or later) or use `--backend wasm`',
    );
  }
  if (!host.hasVulkanLoader()) {
    throw new WebGpuUnavailable(
      'no Vulkan loader (libvulkan.so.1) is installed',
      'install it (Debian/Ubuntu: `sudo apt-get install libvulkan1`) together with your GPU’s Vulkan driver',
    );
  }
}
