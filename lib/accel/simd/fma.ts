/**
 * Fused multiply-add for the SIMD kernels, where the engine has it.
 *
 * WebAssembly's base SIMD has no fused multiply-add, so without it the kernels' inner loops issue
 * a multiply and an add per product: on x86 that is half the floating-point throughput of the FMA
 * units. The relaxed-SIMD proposal adds `f32x4.relaxed_madd` (one rounding, an FMA instruction
 * where the CPU has one); Node 22 and later ship it, Node 20's V8 has it behind
 * `--experimental-wasm-relaxed-simd`, a flag V8 reads when it validates a module, so it can be
 * turned on before the kernels compile.
 *
 * With it, products are rounded once instead of twice (as in XNNPACK's and cuDNN's FMA kernels),
 * so results differ from the cpu backend's in the last bits, well within the kernels' tests'
 * tolerance; they still do not depend on the number of threads. `TFJS_WASM_FMA=0` keeps the
 * multiply-then-add kernels (../options).
 */
import v8 from 'node:v8';
import { accelOptions } from '../options';
import { assembleModule, functionBodyOf, get, OP, TYPE } from './assembler';

/** acc + a·b (each operand's instructions leave a v128): a rounded product then a sum, or one fused multiply-add. */
export const multiplyAdd = (a: number[], b: number[], acc: number[], fma: boolean) =>
  fma ? [...a, ...b, ...acc, ...OP.f32x4RelaxedMadd] : [...acc, ...a, ...b, ...OP.f32x4Mul, ...OP.f32x4Add];

/** update(v128, v128, v128) { drop(f32x4.relaxed_madd(…)) }: validates only where the engine has relaxed SIMD. */
const PROBE = assembleModule(
  false,
  [TYPE.v128, TYPE.v128, TYPE.v128],
  functionBodyOf([], [...multiplyAdd(get(0), get(1), get(2), true), ...OP.drop, ...OP.end]),
);

let validated: boolean | null = null;

/**
 * Whether the kernels use `f32x4.relaxed_madd`: when the option is on (not TFJS_WASM_FMA=0) and
 * the engine validates it, after turning on Node 20's flag if needed.
 */
export function fusedMultiplyAddAvailable(): boolean {
  if (!accelOptions.fusedMultiplyAdd) return false;
  if (validated === null) {
    // V8 ignores a flag it does not know; the probe then still fails and says so.
    if (!WebAssembly.validate(PROBE)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    validated = WebAssembly.validate(PROBE);
  }
  return validated;
}
