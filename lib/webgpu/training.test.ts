/**
 * Short chapter 4 and chapter 5 runs on webgpu against the same runs on wasm: the same seed, the
 * same batches, the solutions' own training loop; the losses and the test measurements must agree.
 */
import { beforeAll, expect, it } from 'vitest';
import ch4Bands from '../../fixtures/bands/ch4.json';
import ch5Bands from '../../fixtures/bands/ch5.json';
import { evaluate } from '../../solutions/ch4-cnn/evaluate';
import { createSingleConvNetwork, type Network } from '../../solutions/ch4-cnn/network';
import { trainClassifier } from '../../solutions/ch4-cnn/train';
import { createDoubleConvNetwork } from '../../solutions/ch5-deep-cnn/network';
import { loadBackend } from '../backend';
import { MnistBatcher } from '../mnist/batches';
import { loadMnist, sliceSplit, type MnistSplit } from '../mnist/load';
import { RandomState } from '../numpy-random';
import { describeOnWebGpu, useWebGpuBackend } from '../testing/webgpu';

/** A short run: long enough for Adam's steps to build on each other, a few seconds on a software adapter. */
const STEPS = 20;
const TRAIN_EXAMPLES = 1000;
const TEST_EXAMPLES = 200;
const SEED = 1;
/**
 * The first loss comes before any update: only the forward pass differs, by sums added in another
 * order (a few ulp, lib/testing/op-cases.ts).
 */
const FIRST_LOSS_REL_TOL = 1e-5;
/**
 * Then Adam amplifies: its first steps move every weight by about ±lr whatever the gradient's size,
 * so a weight whose gradient is within rounding of zero can go either way. Measured over 20 steps:
 * ≤ 1e-6 relative in chapter 4, up to 1.1e-4 in chapter 5 (dropout and a second convolution leave
 * more such weights). 1e-3 still catches a wrong kernel, which moves the loss by percents.
 */
const LOSS_REL_TOL = 1e-3;
/** An image whose two largest logits are that close can flip; a wrong kernel flips dozens. */
const ACCURACY_TOL = 2 / TEST_EXAMPLES;

interface Run {
  losses: number[];
  testLoss: number;
  testAccuracy: number;
}

let train: MnistSplit;
let test: MnistSplit;

/** The parts of a chapter's short band (fixtures/bands/chN.json) the run takes. */
interface ShortRun {
  batchSize: number;
  learningRate: number;
  evalChunk: number;
}

const chapters: { name: string; short: ShortRun; create: () => Network }[] = [
  {
    name: 'ch4',
    short: ch4Bands.short,
    create: () => createSingleConvNetwork({ ...ch4Bands.short.network, seed: SEED }),
  },
  {
    name: 'ch5',
    short: ch5Bands.short,
    create: () => createDoubleConvNetwork({ ...ch5Bands.short.network, seed: SEED }),
  },
];

async function runOn(backend: 'wasm' | 'webgpu', chapter: (typeof chapters)[number]): Promise<Run> {
  await loadBackend(backend);
  const network = chapter.create();
  const losses: number[] = [];
  try {
    const { log } = await trainClassifier({
      network,
      batches: new MnistBatcher(train, new RandomState(SEED)),
      steps: STEPS,
      batchSize: chapter.short.batchSize,
      learningRate: chapter.short.learningRate,
      evaluateEvery: STEPS,
      evaluate: () => evaluate(network, test, chapter.short.evalChunk),
      onStep: (_, loss) => losses.push(loss),
    });
    return { losses, testLoss: log.at(-1)!.testLoss!, testAccuracy: log.at(-1)!.testAccuracy! };
  } finally {
    network.dispose();
  }
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

describeOnWebGpu('chapter 4 and 5 training on webgpu against wasm', () => {
  useWebGpuBackend();
  beforeAll(() => {
    const mnist = loadMnist();
    train = sliceSplit(mnist.train, 0, TRAIN_EXAMPLES);
    test = sliceSplit(mnist.test, 0, TEST_EXAMPLES);
  });

  for (const chapter of chapters) {
    it(`should give ${chapter.name}'s ${STEPS}-step run the losses and test measurements it has on wasm`, async () => {
      const wasm = await runOn('wasm', chapter);
      const webgpu = await runOn('webgpu', chapter);
      expect(webgpu.losses.length).toBe(STEPS);
      expect(relative(webgpu.losses[0]!, wasm.losses[0]!), 'the first loss, before any update').toBeLessThan(
        FIRST_LOSS_REL_TOL,
      );
      webgpu.losses.forEach((loss, i) =>
        expect(relative(loss, wasm.losses[i]!), `step ${i + 1}: webgpu ${loss} vs wasm ${wasm.losses[i]}`).toBeLessThan(
          LOSS_REL_TOL,
        ),
      );
      expect(relative(webgpu.testLoss, wasm.testLoss), `test loss ${webgpu.testLoss} vs ${wasm.testLoss}`).toBeLessThan(
        LOSS_REL_TOL,
      );
      expect(Math.abs(webgpu.testAccuracy - wasm.testAccuracy), 'test accuracy').toBeLessThanOrEqual(ACCURACY_TOL);
      const largest = Math.max(...webgpu.losses.map((loss, i) => relative(loss, wasm.losses[i]!)));
      console.log(
        `${chapter.name}: largest relative loss difference ${largest.toExponential(1)}, ` +
          `test accuracy ${webgpu.testAccuracy} (wasm ${wasm.testAccuracy})`,
      );
    });
  }
});
