/**
 * Fused multiply-add for the SIMD kernels, where the engine has it.
 *
 * WebAssembly's base SIMD has no fused multiply-add, so the kernels' inner loops issue a multiply
 * and an add per product: on x86 that is half the floating-point throughput of the FMA units. The
 * relaxed-SIMD proposal adds `f32x4.relaxed_madd` (one rounding, an FMA instruction where the CPU
 * has one); Node 22 and later ship it, Node 20's V8 has it behind `--experimental-wasm-relaxed-simd`,
 * a flag V8 reads when it validates a module, so it can be turned on before the kernels compile.
 *
 * With it, products are rounded once instead of twice (as in XNNPACK's and cuDNN's FMA kernels),
 * so results differ from the cpu backend's in the last bits, well within the kernels' tests'
 * tolerance; they still do not depend on the number of threads. `TFJS_WASM_FMA=0` keeps the
 * multiply-then-add kernels.
 */
import v8 from 'node:v8';
import { simd } from '../kernels/wasm-assembly';

/** f32x4.relaxed_madd, f32x4.mul and f32x4.add, 0xfd-prefixed. */
const RELAXED_MADD = 0x105;
const F32X4_MUL = 0xe6;
const F32X4_ADD = 0xe4;

/** acc + a·b (each operand's instructions leave a v128): a rounded product then a sum, or one fused multiply-add. */
export const multiplyAdd = (a: number[], b: number[], acc: number[], fma: boolean) =>
  fma ? [...a, ...b, ...acc, ...simd(RELAXED_MADD)] : [...acc, ...a, ...b, ...simd(F32X4_MUL), ...simd(F32X4_ADD)];

/** (func (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))) */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

let available: boolean | null = null;

/**
 * Whether the kernels may use `f32x4.relaxed_madd`: unless TFJS_WASM_FMA=0, true where the engine
 * validates it, after turning on Node 20's flag if needed.
 */
export function fusedMultiplyAddAvailable(): boolean {
  if (available !== null) return available;
  if (process.env.TFJS_WASM_FMA === '0') {
    available = false;
    return available;
  }
  if (!WebAssembly.validate(PROBE)) {
    try {
      v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // An engine without the flag: the probe below answers.
    }
  }
  available = WebAssembly.validate(PROBE);
  return available;
}
