/** Why WebGPU cannot run here, in two parts: what is wrong, and what to do about it. */
export class WebGpuUnavailable extends Error {
  override name = 'WebGpuUnavailable';
  constructor(
    /** A clause: "no Vulkan loader (libvulkan.so.1) is installed". */
    readonly reason: string,
    /** An imperative clause: "install it with `sudo apt-get install libvulkan1`". */
    readonly fix: string,
  ) {
    super(`${reason}; ${fix}`);
  }
}
