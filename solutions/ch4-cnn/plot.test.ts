import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, useSyntheticMnistDir } from '../../lib/mnist/synthetic-idx';
import * as accuracy from './accuracy';
import * as convPool from './conv-pool';
import * as evaluate from './evaluate';
import * as head from './head';
import * as loss from './loss';
import * as network from './network';
import { chapterPlot, type Ch4Modules } from './plot';
import * as train from './train';

const modules: Ch4Modules = { 'conv-pool': convPool, head, loss, accuracy, network, evaluate, train };
const STEPS = 1;

let outDir: string;
let mnist: ReturnType<typeof useSyntheticMnistDir>;
const lines: string[] = [];
let files: string[];

beforeAll(async () => {
  // 5000 validation images (input_data's split) + 100 training: one batch of 100; 20 test images.
  mnist = useSyntheticMnistDir(5100, 20);
  outDir = tempDir('ch4-plot-');
  files = await chapterPlot.plot({
    learner: modules,
    reference: modules,
    steps: STEPS,
    outDir,
    print: (l) => lines.push(l),
  });
});

afterAll(() => {
  mnist.restore();
  rmSync(outDir, { recursive: true, force: true });
});

describe('npm run plot -- ch4 (reference modules as both trees, synthetic MNIST)', () => {
  it('should write the filter figure of both sides as SVG and PNG', () => {
    expect(files.map((f) => path.basename(f))).toEqual([
      'ch4-filters-yours.svg',
      'ch4-filters-yours.png',
      'ch4-filters-reference.svg',
      'ch4-filters-reference.png',
    ]);
    expect(files.every((f) => existsSync(f) && statSync(f).size > 0)).toBe(true);
  });

  it('should train both sides the same way, so the same modules measure the same', () => {
    const measured = lines.filter((l) => / after \d+ steps/.test(l));
    expect(measured).toEqual([
      expect.stringMatching(/^yours: test loss [\d.]+, accuracy [\d.]+ after 1 steps of 100$/),
      expect.stringMatching(/^reference: /),
    ]);
    expect(measured[0]!.replace('yours', '')).toBe(measured[1]!.replace('reference', ''));
  });
});
