import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, useSyntheticMnistDir } from '../../lib/mnist/synthetic-idx';
import * as convBlock from './conv-block';
import * as dropout from './dropout';
import * as network from './network';
import { chapterPlot, type Ch5Modules } from './plot';

const modules: Ch5Modules = { 'conv-block': convBlock, dropout, network };
const STEPS = 2;

let outDir: string;
let mnist: ReturnType<typeof useSyntheticMnistDir>;
const lines: string[] = [];
let files: string[];

beforeAll(async () => {
  // 5000 validation images (input_data's split) + 100 training; 20 test images.
  mnist = useSyntheticMnistDir(5100, 20);
  outDir = tempDir('ch5-plot-');
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

describe('npm run plot -- ch5 (reference modules as both trees, synthetic MNIST)', () => {
  it('should write the filter and misclassified figures of both sides as SVG and PNG', () => {
    const names = ['yours', 'reference'].flatMap((who) => [
      `ch5-filters-${who}.svg`,
      `ch5-filters-${who}.png`,
      `ch5-misclassified-${who}.svg`,
      `ch5-misclassified-${who}.png`,
    ]);
    expect(files.map((f) => path.basename(f))).toEqual(names);
    expect(files.every((f) => existsSync(f) && statSync(f).size > 0)).toBe(true);
  });

  it('should train both sides the same way, so the same modules measure the same', () => {
    const measured = lines.filter((l) => / after \d+ steps/.test(l));
    expect(measured).toEqual([
      expect.stringMatching(/^yours: test loss [\d.]+, accuracy [\d.]+ after 2 steps of 50$/),
      expect.stringMatching(/^reference: /),
    ]);
    expect(measured[0]!.replace('yours', '')).toBe(measured[1]!.replace('reference', ''));
  });
});
