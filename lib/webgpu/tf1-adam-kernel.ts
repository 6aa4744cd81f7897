/**
 * `Tf1AdamUpdate` for the `webgpu` backend: TF 1.x's ApplyAdam in three WGSL passes, bit for bit
 * what the cpu and wasm kernels compute (lib/accel/kernels/Tf1AdamUpdate.ts):
 *
 *   m' = m + (g − m)·(1−β1);  v' = v + (g·g − v)·(1−β2);  w' = w − (m'·α) / (√v' + ε)
 *
 * every operation rounded to float32 by ./soft-float, since the GPU's own division and square root
 * are not correctly rounded. One pass writes m', one v', and the last reads them for w': three
 * passes over memory instead of the op form's 14 kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { webgpu_util as WebGpuUtil } from '@tensorflow/tfjs-backend-webgpu';
import { float32Bits, TF1_ADAM_UPDATE, type Tf1AdamUpdateAttrs } from '../accel';
import { SOFT_FLOAT_WGSL } from './soft-float';

/** Threads per workgroup, as tfjs-backend-webgpu's own elementwise programs use. */
const WORKGROUP_SIZE = 128;

/** The expression each pass computes, on the bit patterns of its inputs (named by tfjs A, B, C). */
const PASSES = {
  m: { inputs: ['g', 'm'], scalar: 'c1', body: 'sfAdd(B, sfMul(sfSub(A, B), uniforms.c1))' },
  v: { inputs: ['g', 'v'], scalar: 'c2', body: 'sfAdd(B, sfMul(sfSub(sfMul(A, A), B), uniforms.c2))' },
  w: {
    inputs: ['w', 'newM', 'newV'],
    scalar: 'alpha, eps',
    body: 'sfSub(A, sfDiv(sfMul(B, uniforms.alpha), sfAdd(sfSqrt(C), uniforms.eps)))',
  },
} as const;
type Pass = keyof typeof PASSES;

/** The WebGPUProgram shape tfjs-backend-webgpu 4.22 compiles (see its unary_op_webgpu.ts). */
class AdamPassProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];
  readonly size = true;
  readonly uniforms: string;

  constructor(
    readonly pass: Pass,
    shape: number[],
    util: typeof WebGpuUtil,
  ) {
    this.outputShape = shape;
    this.variableNames = ['A', 'B', 'C'].slice(0, PASSES[pass].inputs.length);
    this.dispatchLayout = util.flatDispatchLayout(shape);
    this.dispatch = util.computeDispatch(this.dispatchLayout, shape, this.workgroupSize);
    this.uniforms = PASSES[pass].scalar
      .split(', ')
      .map((name) => `${name} : u32,`)
      .join(' ');
    this.shaderKey = `tf1_adam_${pass}`;
  }

  getUserCode(): string {
    const read = this.variableNames.map((name) => `let ${name} = bitcast<u32>(${name}[index]);`).join('\n        ');
    return `${SOFT_FLOAT_WGSL}
      fn main(index : i32) {
        if (index < uniforms.size) {
        ${read}
          setOutputAtIndex(index, bitcast<f32>(${PASSES[this.pass].body}));
        }
      }`;
  }
}

interface WebGpuBackendLike {
  runWebGPUProgram(
    program: AdamPassProgram,
    inputs: TensorInfo[],
    dtype: 'float32',
    uniforms: { type: 'uint32'; data: number[] }[],
  ): TensorInfo;
}

function kernelFor(util: typeof WebGpuUtil) {
  return (args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo[] => {
    const backend = args.backend as WebGpuBackendLike;
    const { w, g, m, v } = args.inputs as Record<'w' | 'g' | 'm' | 'v', TensorInfo>;
    for (const [name, info] of Object.entries({ w, g, m, v })) {
      if (info?.dtype !== 'float32' || !tf.util.arraysEqual(info.shape, w.shape))
        throw new Error(`${TF1_ADAM_UPDATE}: input '${name}' must be float32 of w's shape [${w.shape}]`);
    }
    const attrs = args.attrs as unknown as Tf1AdamUpdateAttrs;
    const bits = (x: number) => ({ type: 'uint32' as const, data: [float32Bits(x)] });
    const run = (pass: Pass, inputs: TensorInfo[], scalars: number[]) =>
      backend.runWebGPUProgram(new AdamPassProgram(pass, w.shape, util), inputs, 'float32', scalars.map(bits));
    const newM = run('m', [g, m], [attrs.oneMinusBeta1]);
    const newV = run('v', [g, v], [attrs.oneMinusBeta2]);
    const newW = run('w', [w, newM, newV], [attrs.alpha, attrs.epsilon]);
    return [newW, newM, newV];
  };
}

/**
 * Registers the kernel for `webgpu`, so that `Tf1Adam` takes its fused path there too; idempotent.
 * `util` is tfjs-backend-webgpu's, passed in because that package may only be imported once
 * `navigator.gpu` exists (./dawn).
 */
export function registerTf1AdamWebGpu(util: typeof WebGpuUtil): void {
  if (tf.getKernel(TF1_ADAM_UPDATE, 'webgpu')) return;
  tf.registerKernel({
    kernelName: TF1_ADAM_UPDATE,
    backendName: 'webgpu',
    kernelFunc: kernelFor(util) as unknown as KernelFunc,
  });
}
