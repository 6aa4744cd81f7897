import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../lib/backend';
import { clearMnistCache } from '../../lib/mnist/load';
import { syntheticMnist, tempDir, writeSyntheticMnistDir } from '../../lib/mnist/synthetic-idx';
import type { RunOptions } from '../../lib/run/types';
import { CH4_SETUP, runChapter4 } from './book-run';
import type { MnistRunSetup } from './mnist-run';

/** 5000 validation images (input_data's split) + 100 training; 60 test images. */
const TRAIN_FILE_IMAGES = 5100;
const TEST_IMAGES = 60;
/** A network small enough to train a few steps on the cpu backend in well under a second. */
const TINY = { filters: 2, hiddenUnits: 8, seed: 3 };
const SMALL_SETUP: MnistRunSetup = {
  ...CH4_SETUP,
  batchSize: 10,
  evaluateEvery: 2,
  evalChunk: 25,
  bookSteps: 4,
  bookLog: [{ step: 2, loss: 123.456789, accuracy: 0.5 }],
};

let mnistDir: string;
beforeAll(() => {
  mnistDir = writeSyntheticMnistDir(syntheticMnist(TRAIN_FILE_IMAGES, TEST_IMAGES));
});
afterAll(() => clearMnistCache());

async function run(steps: number, setup: MnistRunSetup = SMALL_SETUP) {
  const lines: string[] = [];
  const outDir = tempDir('ch4-run-');
  const options: RunOptions = {
    steps,
    outDir,
    backend: await chooseBackend('cpu'),
    print: (l) => lines.push(l),
    mnistDir,
  };
  const result = await runChapter4(options, TINY, setup);
  return { result, lines, outDir };
}

describe('ch4 book run (tiny network, synthetic MNIST via mnistDir)', () => {
  let short: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    short = await run(3);
  });

  it('should read MNIST from the mnistDir option', () => {
    expect(short.lines[0]).toBe(`MNIST from ${path.resolve(mnistDir)}: 100 training, ${TEST_IMAGES} test images`);
  });

  it("should print the test log beside the book's at the book's steps", () => {
    expect(short.lines.find((l) => l.startsWith('Step: 2,'))).toMatch(
      /^Step: 2, Loss: [\d.]+, Accuracy: [\d.]+ {3}\(book: Loss 123\.456789, Accuracy 0\.500000\)$/,
    );
    expect(short.lines.find((l) => l.startsWith('Step: 3,'))).toMatch(/^Step: 3, Loss: [\d.]+, Accuracy: [\d.]+$/);
  });

  it('should write the filter, misclassified and training figures as SVG and PNG', () => {
    const names = short.result.figures.map((f) => path.relative(short.outDir, f)).sort();
    expect(names).toEqual([
      'ch4-filters.png',
      'ch4-filters.svg',
      'ch4-misclassified.png',
      'ch4-misclassified.svg',
      'ch4-training.png',
      'ch4-training.svg',
    ]);
    expect(short.result.figures.every((f) => existsSync(f) && statSync(f).size > 0)).toBe(true);
  });

  it('should not hold a short run to the floor, and say so', () => {
    expect(short.result.pass).toBe(true);
    expect(short.result.runs[0]!.checks).toEqual([
      "3 steps is not the book's 4: the accuracy floor applies to the full run only",
    ]);
    expect(short.result.runs[0]!.log.map((e) => e.step)).toEqual([2, 3]);
    expect(short.result.runs[0]!.final.msPerStep).toBeGreaterThan(0);
  });

  it("should hold a run of the book's length to the accuracy floor", async () => {
    const { result } = await run(2, { ...SMALL_SETUP, bookSteps: 2, minTestAccuracy: 1.01 });
    expect(result.pass).toBe(false);
    expect(result.runs[0]!.checks).toEqual([expect.stringMatching(/^final test accuracy .* ≥ 1\.01: OUT OF BAND$/)]);
  });
});
