/**
 * `npx tsx scripts/webgpu-agreement.ts [--samples N]`: how close the webgpu backend comes to cpu,
 * op by op and gradient by gradient (the cases lib/webgpu/ops.test.ts holds to their tolerances).
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { describeBackend, loadBackend, quietTensorFlow } from '../lib/backend';
import { runCli, wholeNumberFlag } from '../lib/cli';
import { disagreements, OP_CASES, runCase } from '../lib/testing/op-cases';

const HELP = `Usage: npx tsx scripts/webgpu-agreement.ts [--samples N] [--seed S]

Runs every op case of lib/testing/op-cases.ts on N seeded draws of small shapes, on cpu and on
webgpu, and prints the largest |webgpu − cpu| of each output, absolute and relative to the largest
|cpu| value, beside the test's bound.

  --samples N   draws per case (default 20)
  --seed S      fast-check seed of the draws (default 20180311)
  --help        show this help`;

runCli(HELP, async () => {
  const { values } = parseArgs({
    options: {
      samples: { type: 'string', default: '20' },
      seed: { type: 'string', default: '20180311' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const samples = wholeNumberFlag('samples', values.samples, 1);
  const seed = wholeNumberFlag('seed', values.seed, 0);
  quietTensorFlow();
  describeBackend(await loadBackend('webgpu')).forEach((line) => console.log(line));
  const rows: string[][] = [['op', 'output', 'max abs error', 'max rel error', 'worst / bound']];
  for (const c of OP_CASES) {
    const worst = new Map<string, { abs: number; rel: number; ratio: number }>();
    for (const inputs of fc.sample(c.inputs, { numRuns: samples, seed })) {
      await tf.setBackend('cpu');
      const reference = runCase(c, inputs);
      await tf.setBackend('webgpu');
      for (const d of disagreements(c, runCase(c, inputs), reference)) {
        const w = worst.get(d.what) ?? { abs: 0, rel: 0, ratio: 0 };
        const ratio = d.maxAbs === 0 ? 0 : d.maxAbs / d.bound;
        worst.set(d.what, {
          abs: Math.max(w.abs, d.maxAbs),
          rel: Math.max(w.rel, d.maxRel),
          ratio: Math.max(w.ratio, ratio),
        });
      }
    }
    for (const [what, w] of worst) {
      rows.push([c.name, what, w.abs.toExponential(1), w.rel.toExponential(1), w.ratio.toFixed(2)]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  rows.forEach((r) =>
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    ),
  );
  console.log(
    `${samples} draws per op (fast-check seed ${seed}); relative = max abs error / max |cpu value| of that output.`,
  );
});
