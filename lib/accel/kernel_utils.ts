/**
 * What every kernel of ./kernels shares: the typed kernel config, the stock kernels it replaced
 * (still reachable, for the shapes a route does not take), and small helpers on the wasm heap.
 *
 * Kernels call other kernels' functions directly (as the backend's own kernels do), so
 * intermediate results are bare TensorInfos that the kernels free themselves with `dispose`.
 */
import * as tf from '@tensorflow/tfjs';
import {
  Conv2D,
  type Conv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  Reshape,
  type ReshapeAttrs,
  type TensorInfo,
  Transpose,
  type TransposeAttrs,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** A kernel typed with tfjs-core's own Inputs and Attrs of its name, on backend B. */
export type TypedKernel<I, A, B> = (args: { inputs: I; backend: B; attrs: A }) => TensorInfo | TensorInfo[];

/** Marks this folder's kernel functions, so that registration can tell them from stock ones. */
const ACCEL_KERNEL = Symbol.for('tfjs-katas/accel-kernel');
/** Where the stock kernels replaced here are kept; global because tfjs's kernel registry is global. */
const STOCK_KERNELS = Symbol.for('tfjs-katas/accel-stock-kernels');

/**
 * The config `tf.registerKernel` takes for `kernelFunc` as `kernelName` on `backendName`. tfjs
 * calls every kernel with the inputs and attrs of its name and with its own backend, but types them
 * loosely: this is the one place where a kernel's own types meet KernelFunc's (tfjs's kernels make
 * the same cast at registration).
 */
export function kernelConfig<I extends NamedTensorInfoMap, A extends object, B>(
  kernelName: string,
  backendName: string,
  kernelFunc: TypedKernel<I, A, B>,
): KernelConfig {
  Reflect.set(kernelFunc, ACCEL_KERNEL, true);
  return { kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** A wasm kernel's config (see kernelConfig). */
export const wasmKernel = <I extends NamedTensorInfoMap, A extends object>(
  kernelName: string,
  kernelFunc: TypedKernel<I, A, BackendWasm>,
) => kernelConfig(kernelName, 'wasm', kernelFunc);

export function isAccelKernel(kernelFunc: KernelFunc): boolean {
  return Reflect.get(kernelFunc, ACCEL_KERNEL) === true;
}

function stockKernels(): Map<string, KernelFunc> {
  let stock: Map<string, KernelFunc> | undefined = Reflect.get(globalThis, STOCK_KERNELS);
  if (!stock) {
    stock = new Map();
    Reflect.set(globalThis, STOCK_KERNELS, stock);
  }
  return stock;
}

/** Remembers the kernel registered before ours for `kernelName` on wasm, unless it is one of ours. */
export function rememberStockKernel(kernelName: string): void {
  const existing = tf.getKernel(kernelName, 'wasm');
  if (existing && !isAccelKernel(existing.kernelFunc)) stockKernels().set(kernelName, existing.kernelFunc);
}

/** Runs the wasm backend's own kernel `name` (the stock one where ours replaced it). */
export function runStock<A extends object>(
  name: string,
  backend: BackendWasm,
  inputs: NamedTensorInfoMap,
  attrs: A,
): TensorInfo {
  const kernelFunc = stockKernels().get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!kernelFunc || isAccelKernel(kernelFunc)) {
    throw new Error(
      `The wasm backend's own '${name}' kernel is not available (register the kernels after the wasm backend loads)`,
    );
  }
  // Stock kernels read their attrs by name, as tfjs hands them over.
  return kernelFunc({ inputs, backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
}

/** The named inputs, which tfjs always passes to this kernel (an error naming the missing one otherwise). */
export function inputsOf<I extends NamedTensorInfoMap, const K extends readonly (keyof I & string)[]>(
  kernel: string,
  inputs: I,
  ...names: K
): { [P in keyof K]: TensorInfo } {
  return names.map((name) => {
    const info = inputs[name];
    if (!info) throw new Error(`${kernel}: input '${name}' is missing`);
    return info;
  }) as { [P in keyof K]: TensorInfo };
}

export function dispose(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export const transpose = (backend: BackendWasm, x: TensorInfo, perm: number[]) =>
  runStock<TransposeAttrs>(Transpose, backend, { x }, { perm });

export const reshape = (backend: BackendWasm, x: TensorInfo, shape: number[]) =>
  runStock<ReshapeAttrs>(Reshape, backend, { x }, { shape });

/** A float32 tensor's values on the heap (a view: take it after the last allocation, see makeOutput). */
export const heapF32 = (backend: BackendWasm, info: TensorInfo) => backend.typedArrayFromHeap(info) as Float32Array;

/** A tensor's byte address in the wasm memory. */
export const addressOf = (backend: BackendWasm, info: TensorInfo) => backend.getMemoryOffset(info.dataId);

/** A new float32 output filled with zeros. */
export function zeros(backend: BackendWasm, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  heapF32(backend, out).fill(0);
  return out;
}

/**
 * Forward NHWC convolution through XNNPACK with explicit padding `[top, bottom, left, right]`:
 * given 'same', the stock 4.22 kernel returns zeros or wrong sums for some strided geometries
 * (found by ./kernels/Conv2D.test.ts: 98 of 648 small ones), explicit padding is always right.
 */
export function xnnpackConv2D(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  [top, bottom, left, right]: [number, number, number, number],
  dilations: [number, number] = [1, 1],
  strides: [number, number] = [1, 1],
): TensorInfo {
  const pad = explicitPadding([top, bottom, left, right]);
  return runStock<Conv2DAttrs>(Conv2D, backend, { x, filter }, { strides, pad, dataFormat: 'NHWC', dilations });
}

/** [top, bottom, left, right] as the NHWC explicit padding tfjs's attrs take. */
export const explicitPadding = ([top, bottom, left, right]: [number, number, number, number]) =>
  [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ] satisfies tf.backend_util.ExplicitPadding;

/** A convolution's padding as [top, bottom, left, right]. */
export const padsOf = ({ padInfo }: tf.backend_util.Conv2DInfo): [number, number, number, number] => [
  padInfo.top,
  padInfo.bottom,
  padInfo.left,
  padInfo.right,
];

export function assertFloatNhwc(kernel: string, dataFormat: string, ...infos: TensorInfo[]): void {
  if (dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports NHWC (channelsLast) only, got ${dataFormat}`);
  }
  for (const info of infos) {
    if (info.dtype !== 'float32') throw new Error(`${kernel} on wasm supports float32 only, got ${info.dtype}`);
  }
}

/** The shape of a rank-4 tensor, or an error naming the kernel. */
export function shape4(kernel: string, info: TensorInfo): [number, number, number, number] {
  if (info.shape.length !== 4) throw new Error(`${kernel} on wasm takes rank-4 tensors, got rank ${info.shape.length}`);
  return info.shape as [number, number, number, number];
}

/** The geometry of a convolution as tfjs computes it (NHWC or NCHW by `dataFormat`). */
export function conv2DInfo(
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: Pick<Conv2DAttrs, 'strides' | 'pad' | 'dimRoundingMode'> & { dilations?: Conv2DAttrs['dilations'] },
  dataFormat: 'channelsLast' | 'channelsFirst',
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
}
