import { describe, expect, it } from 'vitest';
import { atLeastVersion, checkRequirements, type Host, sharedLibraryLoads } from './requirements';
import { WebGpuUnavailable } from './unavailable';

const LINUX: Host = { platform: 'linux', arch: 'x64', glibc: '2.36', hasVulkanLoader: () => true };

function reasonFor(host: Host): WebGpuUnavailable | undefined {
  try {
    checkRequirements(host);
    return undefined;
  } catch (error) {
    return error as WebGpuUnavailable;
  }
}

describe('WebGPU requirements', () => {
  it('should accept a Linux machine with glibc 2.34 or later and a Vulkan loader', () => {
    expect(reasonFor(LINUX)).toBeUndefined();
    expect(reasonFor({ ...LINUX, glibc: '2.34' })).toBeUndefined();
  });

  it('should name glibc older than 2.34 and what to do, in one sentence', () => {
    const error = reasonFor({ ...LINUX, glibc: '2.31' });
    expect(error).toBeInstanceOf(WebGpuUnavailable);
    expect(error!.reason).toBe("glibc 2.31 is older than the 2.34 that Dawn's prebuilt dawn.node needs");
    expect(error!.fix).toMatch(/newer Linux .* or use `--backend wasm`/);
  });

  it('should name a missing Vulkan loader and the package that provides it', () => {
    const error = reasonFor({ ...LINUX, hasVulkanLoader: () => false });
    expect(error!.reason).toBe('no Vulkan loader (libvulkan.so.1) is installed');
    expect(error!.fix).toMatch(/apt-get install libvulkan1/);
  });

  it('should not look for Vulkan or glibc on macOS and Windows, which use Metal and Direct3D 12', () => {
    const never = () => {
      throw new Error('not on this platform');
    };
    expect(reasonFor({ platform: 'darwin', arch: 'arm64', glibc: undefined, hasVulkanLoader: never })).toBeUndefined();
    expect(reasonFor({ platform: 'win32', arch: 'x64', glibc: undefined, hasVulkanLoader: never })).toBeUndefined();
  });

  it('should name a platform webgpu@0.6.2 has no build for', () => {
    expect(reasonFor({ ...LINUX, arch: 'ppc64' })!.reason).toBe('webgpu@0.6.2 has no prebuilt Dawn for linux-ppc64');
  });

  it('should compare versions by number, not as text', () => {
    expect(atLeastVersion('2.40', [2, 34])).toBe(true);
    expect(atLeastVersion('2.4', [2, 34])).toBe(false);
    expect(atLeastVersion('3.0', [2, 34])).toBe(true);
  });

  it('should tell a shared library that loads from one that is missing', () => {
    expect(sharedLibraryLoads('libc.so.6')).toBe(process.platform === 'linux');
    expect(sharedLibraryLoads('libno-such-library-for-this-test.so.7')).toBe(false);
  });
});
