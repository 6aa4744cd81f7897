/**
 * Times the two convolution gradients alone at the shapes of chapter 5's layers (batch 50, 5×5,
 * stride 1, SAME), each route against the one it replaced, interleaved in one process; medians of
 * wall and CPU time (process.cpuUsage).
 *
 *   npx tsx lib/wasm/bench-conv-grads.ts [--no-threads] [--rounds N]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { KERNEL_OPTIONS } from './kernels';
import { registerWasmTrainingKernels } from './register';
import { enableWasmThreads } from './threads';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args[at + 1]) : 10;

tf.enableProdMode();
if (!args.includes('--no-threads')) enableWasmThreads();
if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
registerWasmTrainingKernels();

const B = 50;
interface Case {
  name: string;
  run: () => tf.Tensor;
}
const x1 = tf.randomNormal([B, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
const dy1 = tf.randomNormal([B, 28, 28, 32], 0, 1, 'float32', 2) as tf.Tensor4D;
const x2 = tf.randomNormal([B, 14, 14, 32], 0, 1, 'float32', 3) as tf.Tensor4D;
const dy2 = tf.randomNormal([B, 14, 14, 64], 0, 1, 'float32', 4) as tf.Tensor4D;
const w2 = tf.randomNormal([5, 5, 32, 64], 0, 1, 'float32', 5) as tf.Tensor4D;
const cases: Case[] = [
  {
    name: 'dW layer 1 [50,28,28,1]→[5,5,1,32]',
    run: () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x: x1, dy: dy1 },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 1, 32] },
        ) as tf.Tensor,
  },
  {
    name: 'dW layer 2 [50,14,14,32]→[5,5,32,64]',
    run: () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x: x2, dy: dy2 },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 32, 64] },
        ) as tf.Tensor,
  },
  {
    name: 'dx layer 2 [50,14,14,64]→[50,14,14,32]',
    run: () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropInput',
          { dy: dy2, filter: w2 },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [B, 14, 14, 32] },
        ) as tf.Tensor,
  },
];

const variants: { name: string; on: boolean }[] = [
  { name: 'before', on: false },
  { name: 'after', on: true },
];
const setVariant = (on: boolean) => {
  KERNEL_OPTIONS.simdConvFilterGrad = on;
  KERNEL_OPTIONS.simdConvInputGrad = on;
};
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const wall = cases.map(() => variants.map((): number[] => []));
const cpu = cases.map(() => variants.map((): number[] => []));
for (let r = -2; r < rounds; r++) {
  cases.forEach((c, i) =>
    variants.forEach((v, j) => {
      setVariant(v.on);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const y = c.run();
      y.dataSync();
      const t1 = performance.now();
      const u = process.cpuUsage(c0);
      y.dispose();
      if (r >= 0) {
        wall[i]![j]!.push(t1 - t0);
        cpu[i]![j]!.push((u.user + u.system) / 1000);
      }
    }),
  );
}
console.log(
  `wasm, ${getThreadsCount()} thread(s); ${rounds} rounds; load ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
cases.forEach((c, i) =>
  variants.forEach((v, j) => {
    const w = median(wall[i]![j]!);
    const u = median(cpu[i]![j]!);
    const w0 = median(wall[i]![0]!);
    const u0 = median(cpu[i]![0]!);
    console.log(
      `${c.name.padEnd(42)} ${v.name.padEnd(7)} wall ${w.toFixed(1).padStart(6)} ms (×${(w0 / w).toFixed(2)})  cpu ${u.toFixed(1).padStart(6)} ms (×${(u0 / u).toFixed(2)})`,
    );
  }),
);
process.exit(0);
