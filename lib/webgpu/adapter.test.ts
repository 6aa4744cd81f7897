import { describe, expect, it } from 'vitest';
import { formatAdapter, summarizeAdapter } from './adapter';

/** A stand-in for Dawn's GPUAdapter: only `info` is read. */
function adapter(info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }): GPUAdapter {
  return { info } as unknown as GPUAdapter;
}

const LAVAPIPE = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  isFallbackAdapter: true,
};

describe('the WebGPU adapter line', () => {
  it('should call Mesa’s lavapipe a software fallback adapter', () => {
    const summary = summarizeAdapter(adapter(LAVAPIPE));
    expect(summary).toMatchObject({ vendor: 'mesa', fallback: true, software: true });
    expect(formatAdapter(summary)).toBe(
      'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1 (vendor mesa, software, fallback adapter)',
    );
  });

  it('should call a GPU a hardware adapter and print its vendor and architecture', () => {
    const summary = summarizeAdapter(
      adapter({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200' }),
    );
    expect(summary.software).toBe(false);
    expect(formatAdapter(summary)).toBe('NVIDIA H200 (vendor nvidia, architecture hopper, hardware)');
  });

  it('should spot a software driver by name even when it does not say it is a fallback', () => {
    for (const description of ['SwiftShader Device (Subzero)', 'Microsoft Basic Render Driver', 'llvmpipe (LLVM 19)']) {
      expect(summarizeAdapter(adapter({ vendor: 'x', architecture: '', description })).software, description).toBe(
        true,
      );
    }
  });

  it('should still print something for an adapter that describes nothing', () => {
    expect(formatAdapter(summarizeAdapter(adapter({})))).toBe('an unnamed adapter (hardware)');
  });
});
