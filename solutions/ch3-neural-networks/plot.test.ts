import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as field from './field';
import * as network from './network';
import { chapterPlot } from './plot';
import * as train from './train';

const STEPS = 20;

describe('chapter 3 plot', () => {
  const modules = { network, train, field };
  const lines: string[] = [];
  let out: string;
  let files: string[];

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'plot-ch3-'));
    files = await chapterPlot.plot({
      learner: modules,
      reference: modules,
      steps: STEPS,
      outDir: out,
      print: (l) => lines.push(l),
    });
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('should need only the katas the field is drawn from, in the order they are solved', () => {
    expect(chapterPlot.needs).toEqual(['network', 'train', 'field']);
  });

  it('should return one SVG and one PNG of the two panels', () => {
    expect(files.map((f) => path.basename(f))).toEqual(['ch3-yours-vs-reference.svg', 'ch3-yours-vs-reference.png']);
  });

  it('should write the figures it returns', () => {
    expect(files.every((f) => existsSync(f))).toBe(true);
  });

  it('should print one line for yours and one for the reference', () => {
    expect(lines).toEqual([
      expect.stringMatching(/^yours: loss [\d.]+, accuracy [\d.]+ after 20 steps \(2 tanh units, seed \d+\)$/),
      expect.stringMatching(/^reference: loss [\d.]+, accuracy [\d.]+ after 20 steps/),
    ]);
  });

  it('should print the same numbers for both when both trees are the reference', () => {
    expect(lines[0]!.replace('yours', '')).toBe(lines[1]!.replace('reference', ''));
  });
});
