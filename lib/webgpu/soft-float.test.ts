/**
 * The WGSL float32 arithmetic (./soft-float) against JavaScript's, bit for bit: a double-precision
 * +, −, ×, ÷ or √ rounded once to float32 is the correctly rounded float32 result.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeOnWebGpu, useWebGpuBackend } from '../testing/webgpu';
import { SOFT_FLOAT_WGSL } from './soft-float';

/** Pairs per dispatch: every fast-check run checks this many at once. */
const PAIRS = 64;
const RUNS = 30;

/** Any bit pattern: NaNs, infinities, zeros, subnormals and normals of every exponent. */
const anyBits = fc.integer({ min: 0, max: 0xffffffff });
/** Floats near each other: the same or neighbouring exponents, where subtraction cancels. */
const nearby = fc
  .tuple(anyBits, fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 0x7fffff }))
  .map(([a, exponentStep, fraction]) => [a, ((a & 0xff800000) + (exponentStep << 23)) ^ fraction] as const);
/** Subnormals: exponent field 0. */
const subnormal = anyBits.map((b) => b & 0x807fffff);
const pairs = fc.array(
  fc.oneof(fc.tuple(anyBits, anyBits), nearby, fc.tuple(subnormal, anyBits), fc.tuple(subnormal, subnormal)),
  { minLength: PAIRS, maxLength: PAIRS },
);

const OPS = {
  sfAdd: (a: number, b: number) => a + b,
  sfSub: (a: number, b: number) => a - b,
  sfMul: (a: number, b: number) => a * b,
  sfDiv: (a: number, b: number) => a / b,
  sfSqrt: (a: number) => Math.sqrt(a),
} as const;
type Op = keyof typeof OPS;

type Util = typeof import('@tensorflow/tfjs-backend-webgpu').webgpu_util;
let util: Util;

/** op(A[i], B[i]) on the bit patterns, as a tfjs-backend-webgpu program (the shape of its unary programs). */
function programFor(op: Op, n: number) {
  const layout = util.flatDispatchLayout([n]);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    variableNames: ['A', 'B'],
    outputShape: [n],
    shaderKey: `soft_float_test_${op}`,
    dispatchLayout: layout,
    dispatch: util.computeDispatch(layout, [n], workgroupSize),
    workgroupSize,
    size: true,
    getUserCode: () => `${SOFT_FLOAT_WGSL}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let a = bitcast<u32>(A[index]);
          let b = bitcast<u32>(B[index]);
          setOutputAtIndex(index, bitcast<f32>(${op === 'sfSqrt' ? `${op}(a)` : `${op}(a, b)`}));
        }
      }`,
  };
}

function onGpu(op: Op, a: Uint32Array, b: Uint32Array): Uint32Array {
  const backend = tf.backend() as unknown as {
    runWebGPUProgram(program: unknown, inputs: tf.TensorInfo[], dtype: 'float32'): tf.TensorInfo;
  };
  const values = tf.tidy(() => {
    const inputs = [a, b].map((bits) => tf.tensor1d(new Float32Array(bits.buffer)));
    const out = backend.runWebGPUProgram(programFor(op, a.length), inputs, 'float32');
    return Float32Array.from(tf.engine().makeTensorFromTensorInfo(out).dataSync());
  });
  return new Uint32Array(values.buffer);
}

const isNaNBits = (bits: number) => (bits & 0x7fffffff) > 0x7f800000;
const hex = (bits: number) => `0x${bits.toString(16).padStart(8, '0')}`;

describeOnWebGpu('float32 arithmetic in WGSL integers', () => {
  useWebGpuBackend();
  beforeAll(async () => {
    util = (await import('@tensorflow/tfjs-backend-webgpu')).webgpu_util;
  });

  for (const op of Object.keys(OPS) as Op[]) {
    it(`should round ${op} exactly as float32 does, subnormals, zeros, infinities and NaN included`, () => {
      fc.assert(
        fc.property(pairs, (list) => {
          const a = Uint32Array.from(list, ([x]) => x);
          const b = Uint32Array.from(list, ([, y]) => y);
          const [fa, fb] = [new Float32Array(a.buffer), new Float32Array(b.buffer)];
          const want = new Uint32Array(Float32Array.from(fa, (x, i) => OPS[op](x, fb[i]!)).buffer);
          const got = onGpu(op, a, b);
          for (let i = 0; i < want.length; i++) {
            if (isNaNBits(want[i]!) && isNaNBits(got[i]!)) continue;
            expect(hex(got[i]!), `${op}(${fa[i]} [${hex(a[i]!)}], ${fb[i]} [${hex(b[i]!)}])`).toBe(hex(want[i]!));
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});
