/**
 * What a run prints about its GPU, and whether the adapter is a real one. A software adapter
 * (Mesa's lavapipe, SwiftShader, Windows' WARP) computes on the CPU, far slower than our wasm
 * kernels: `auto` passes it over for training, but it runs every WebGPU test on machines without a GPU.
 */

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The adapter calls itself a fallback adapter (WebGPU's word for "may be very slow"). */
  fallback: boolean;
  /** A CPU implementation of the GPU API: a fallback adapter or one of the known software drivers. */
  software: boolean;
}

/** Driver names of CPU implementations, for drivers that do not flag themselves as fallback adapters. */
const SOFTWARE_DRIVERS = /llvmpipe|lavapipe|swiftshader|microsoft basic render|warp/i;

/** The fields of `GPUAdapterInfo` we print, with `isFallbackAdapter` from wherever this Dawn keeps it. */
export function summarizeAdapter(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  const fallback = Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter);
  const text = (value: string | undefined) => (value ?? '').trim();
  const summary = {
    vendor: text(info.vendor),
    architecture: text(info.architecture),
    device: text(info.device),
    description: text(info.description),
    fallback,
  };
  const software =
    fallback ||
    summary.architecture === 'software' ||
    SOFTWARE_DRIVERS.test(`${summary.description} ${summary.device}`);
  return { ...summary, software };
}

/** One line: "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) (vendor mesa, software, fallback adapter)". */
export function formatAdapter(summary: AdapterSummary): string {
  const name = summary.description || summary.device || 'an unnamed adapter';
  const details = [
    summary.vendor && `vendor ${summary.vendor}`,
    summary.architecture && summary.architecture !== 'software' && `architecture ${summary.architecture}`,
    summary.software ? 'software' : 'hardware',
    summary.fallback && 'fallback adapter',
  ].filter(Boolean);
  return `${name} (${details.join(', ')})`;
}
