/**
 * The kernel bench: single kernels at the shapes of the book's chapter 4 and 5 layers, each with
 * its routes on beside the same kernel with them off, interleaved in one process; medians of wall
 * and CPU time and their ratios.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { type Route, wasmThreads, withRoutes } from '../lib/accel';
import { loadBackend, quietTensorFlow } from '../lib/backend';
import { loadAverage, median } from '../lib/bench/timing';
import { runCli, wholeNumberFlag } from '../lib/cli';

const HELP = `Usage: npx tsx scripts/bench-kernels.ts [--rounds N] [--only TEXT]

Times single wasm kernels at the book's layer shapes (ch4 batch 100, ch5 batch 50), each with the
routes it compares switched on and off in turn, in this one process.

  --rounds N    timed calls per kernel and variant (default: 10, after 2 untimed)
  --only TEXT   only the kernels whose name contains TEXT
  --help        show this help`;

interface KernelCase {
  name: string;
  /** The routes that the case times on against off. */
  routes: Route[];
  run: () => tf.Tensor | tf.Tensor[];
}

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, 1, 'same');
const SAME = { strides: 1, pad: 'same', dataFormat: 'NHWC' } as const;

/** The cases, with their tensors made on the current backend. */
function kernelCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [label, batch, ci, co, side] of [
    ['ch4 conv 1', 100, 1, 16, 28],
    ['ch5 conv 1', 50, 1, 32, 28],
    ['ch5 conv 2', 50, 32, 64, 14],
  ] as const) {
    const x = normal([batch, side, side, ci], 1) as tf.Tensor4D;
    const w = normal([5, 5, ci, co], 2) as tf.Tensor4D;
    const dy = normal([batch, side, side, co], 3) as tf.Tensor4D;
    const shapes = `[${batch},${side},${side},${ci}]→${co}`;
    cases.push(
      { name: `${label} Conv2D ${shapes}`, routes: ['simdConv2D', 'oneChannelConv2D'], run: () => conv(x, w) },
      {
        name: `${label} Conv2DBackpropFilter ${shapes}`,
        routes: ['simdConvFilterGrad'],
        run: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...SAME, filterShape: [5, 5, ci, co] }),
      },
    );
    if (ci > 1)
      cases.push({
        name: `${label} Conv2DBackpropInput ${shapes}`,
        routes: ['simdConvInputGrad'],
        run: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, { ...SAME, inputShape: x.shape }),
      });
  }
  for (const [label, m] of [
    ['ch4 dense', 100],
    ['ch5 dense', 50],
  ] as const) {
    const x = normal([m, 3136], 4) as tf.Tensor2D;
    const w = normal([3136, 1024], 5) as tf.Tensor2D;
    const dy = normal([m, 1024], 6) as tf.Tensor2D;
    cases.push(
      { name: `${label} X·W [${m},3136]·[3136,1024]`, routes: ['packedMatMul'], run: () => tf.matMul(x, w) },
      { name: `${label} dY·Wᵀ`, routes: ['simdMatMul'], run: () => tf.matMul(dy, w, false, true) },
      { name: `${label} Xᵀ·dY`, routes: ['simdMatMul'], run: () => tf.matMul(x, dy, true, false) },
    );
  }
  for (const [label, batch, side, channels] of [
    ['ch4 layer 1', 100, 28, 16],
    ['ch5 layer 1', 50, 28, 32],
    ['ch5 layer 2', 50, 14, 64],
  ] as const) {
    const y = normal([batch, side, side, channels], 7) as tf.Tensor4D;
    const g = normal([batch, side, side, channels], 8);
    const bias = normal([channels], 9);
    const shape = `[${batch},${side},${side},${channels}]`;
    cases.push(
      { name: `${label} Add bias ${shape}`, routes: ['elementwise'], run: () => tf.add(y, bias) },
      { name: `${label} Relu`, routes: ['elementwise'], run: () => tf.relu(y) },
      { name: `${label} Step`, routes: ['elementwise'], run: () => tf.step(y) },
      { name: `${label} Multiply`, routes: ['elementwise'], run: () => tf.mul(y, g) },
      { name: `${label} MaxPool 2×2`, routes: ['simdMaxPool'], run: () => tf.maxPool(y, 2, 2, 'same') },
      {
        name: `${label} MaxPoolGrad 2×2`,
        routes: ['simdMaxPoolGrad'],
        run: () => tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'same'))(y),
      },
    );
  }
  return cases;
}

runCli(HELP, async () => {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      rounds: { type: 'string', default: '10' },
      only: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const rounds = wholeNumberFlag('rounds', values.rounds, 1);
  quietTensorFlow();
  await loadBackend('wasm');
  console.log(`wasm, ${wasmThreads()} thread(s); ${rounds} calls per variant; load average ${loadAverage()}`);
  const cases = kernelCases().filter((c) => c.name.includes(values.only));
  for (const c of cases) {
    const on = Object.fromEntries(c.routes.map((r) => [r, true]));
    const off = Object.fromEntries(c.routes.map((r) => [r, false]));
    const wall: [number[], number[]] = [[], []];
    const cpu: [number[], number[]] = [[], []];
    for (let round = -2; round < rounds; round++) {
      [off, on].forEach((routes, v) =>
        withRoutes(routes, () => {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          // wasm kernels run synchronously: the call's return is the kernel's end (no read-back to time).
          tf.tidy(() => void c.run());
          const t1 = performance.now();
          const used = process.cpuUsage(c0);
          if (round < 0) return;
          wall[v]!.push(t1 - t0);
          cpu[v]!.push((used.user + used.system) / 1000);
        }),
      );
    }
    const [w0, w1, c0, c1] = [median(wall[0]), median(wall[1]), median(cpu[0]), median(cpu[1])];
    console.log(
      `${c.name.padEnd(48)} off ${w0.toFixed(2).padStart(7)} ms  on ${w1.toFixed(2).padStart(7)} ms` +
        ` (×${(w0 / w1).toFixed(2)})` +
        `  cpu ×${(c0 / c1).toFixed(2)}  [${c.routes.join(', ')}]`,
    );
  }
  console.log(`load average after: ${loadAverage()}`);
});
