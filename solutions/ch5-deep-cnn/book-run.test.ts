import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../lib/backend';
import { clearMnistCache } from '../../lib/mnist/load';
import { syntheticMnist, tempDir, writeSyntheticMnistDir } from '../../lib/mnist/synthetic-idx';
import { RandomState } from '../../lib/numpy-random';
import { bookBatchRng, CH5_SETUP, runChapter5 } from './book-run';

/** input_data's training split of the real MNIST. */
const TRAIN_COUNT = 55000;

let mnistDir: string;
beforeAll(() => {
  mnistDir = writeSyntheticMnistDir(syntheticMnist(5100, 40));
});
afterAll(() => clearMnistCache());

describe('ch5 book run', () => {
  it("should continue numpy's generator after chapter 4's 4000 batches of 100: 8 shuffles of 55000", () => {
    // 400000 examples are 7 full epochs and part of an 8th: one shuffle before the first batch, one per epoch end.
    const expected = new RandomState(20180312);
    for (let i = 0; i < 8; i++) expected.shuffle(Int32Array.from({ length: TRAIN_COUNT }, (_, k) => k));
    expect(bookBatchRng(TRAIN_COUNT).nextUint32()).toBe(expected.nextUint32());
  });

  it('should train, log and draw its figures with a tiny network on synthetic MNIST', async () => {
    const lines: string[] = [];
    const outDir = tempDir('ch5-run-');
    const result = await runChapter5(
      { steps: 2, outDir, backend: await chooseBackend('cpu'), print: (l) => lines.push(l), mnistDir },
      { filters1: 2, filters2: 2, hiddenUnits: 8, keepProb: 0.5, seed: 4 },
      { ...CH5_SETUP, batchSize: 10, evalChunk: 20 },
    );
    expect(result.chapter).toBe('ch5');
    expect(result.figures.map((f) => path.basename(f)).sort()).toEqual([
      'ch5-filters.png',
      'ch5-filters.svg',
      'ch5-misclassified.png',
      'ch5-misclassified.svg',
      'ch5-training.png',
      'ch5-training.svg',
    ]);
    expect(lines.some((l) => l.startsWith('Batches: numpy'))).toBe(true);
    expect(result.runs[0]!.final.accuracy).toBeGreaterThanOrEqual(0);
  });
});
