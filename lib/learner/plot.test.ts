import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChapter, loadManifest } from '../manifest';
import { chapterPlot } from '../../solutions/ch1-temperatures/plot';
import * as data from '../../solutions/ch1-temperatures/data';
import * as predictCurve from '../../solutions/ch1-temperatures/predict-curve';
import * as train from '../../solutions/ch1-temperatures/train';
import { plotChapter } from './plot';

const manifest = loadManifest();

describe('npm run plot', () => {
  it('should ask to finish the first unsolved kata the figures need', async () => {
    const ch1 = findChapter(manifest, 'ch1');
    await expect(plotChapter(ch1, { outDir: tmpdir(), print: () => {} })).rejects.toThrow(
      /^Finish ch1\/data first \(npm run kata\)/,
    );
  });

  it('should say when a chapter has no plot of its own yet', async () => {
    const fake = { id: 'ch9', dir: 'ch9-none', title: '', katas: [] };
    await expect(plotChapter(fake, { outDir: tmpdir(), print: () => {} })).rejects.toThrow(
      'ch9 has no figures to draw from your code yet',
    );
  });

  it('should draw chapter 1 from a module tree beside the reference', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'plot-'));
    const modules = { data, train, 'predict-curve': predictCurve };
    const lines: string[] = [];
    try {
      const files = await chapterPlot.plot({
        learner: modules,
        reference: modules,
        steps: 50,
        outDir: out,
        print: (l) => lines.push(l),
      });
      expect(files.map((f) => path.basename(f))).toEqual(['ch1-yours-vs-reference.svg', 'ch1-yours-vs-reference.png']);
      expect(files.every((f) => existsSync(f))).toBe(true);
      expect(lines).toEqual([
        expect.stringMatching(/^yours: loss [\d.]+ after 50 steps$/),
        expect.stringMatching(/^reference: loss/),
      ]);
      expect(lines[0]!.replace('yours', '')).toBe(lines[1]!.replace('reference', ''));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
