/**
 * Training kernels for the `wasm` backend that TensorFlow.js 4.22 lacks, gets wrong or runs slowly.
 * Placeholder until chapter 4 lands: registers nothing yet.
 */
export function registerWasmTrainingKernels(): void {}
