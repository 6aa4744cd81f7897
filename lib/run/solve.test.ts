import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { loadManifest } from '../manifest';
import { bookRuns } from './book-runs';
import { parseSteps, solveChapter } from './solve';
import type { ChapterResult } from './types';

const BOOK_RUNS = bookRuns(loadManifest());
const original = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(original);
});

/** Enough steps for a log point and a figure; the bands only apply to the book's 100000. */
const SHORT_RUN = 1500;

describe('solveChapter', () => {
  it('should run chapter 1, write its figure and a JSON result of the documented shape', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'solve-'));
    const json = path.join(out, 'nested', 'r.json');
    const lines: string[] = [];
    const result = await solveChapter(
      { chapter: 'ch1', steps: SHORT_RUN, backend: 'cpu', outDir: out, json, print: (l) => lines.push(l) },
      BOOK_RUNS,
    );
    const written = JSON.parse(readFileSync(json, 'utf8')) as ChapterResult;
    expect(written.chapter).toBe('ch1');
    expect(written.backend).toBe('cpu');
    expect(written.runs[0]).toMatchObject({ name: 'book', steps: SHORT_RUN, pass: true });
    expect(written.runs[0]!.log.map((e) => e.step)).toEqual([1000, 1500]);
    expect(written.runs[0]!.params!.w).toHaveLength(5);
    expect(result.figures.every((f) => existsSync(f))).toBe(true);
    expect(lines).toContain('backend: cpu');
    expect(lines.some((l) => /closed-form least squares \(float64\): loss 12\.144165/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^ch1 PASSED its bands on cpu in/);
  });

  it('should name the valid chapters for an unknown one, exit code 2', async () => {
    await expect(
      solveChapter({ chapter: 'ch9', backend: 'cpu', outDir: tmpdir(), print: () => {} }, BOOK_RUNS),
    ).rejects.toThrow(new UserError(`Unknown chapter 'ch9'; choose one of: ${Object.keys(BOOK_RUNS).join(', ')}.`, 2));
  });
});

describe('parseSteps', () => {
  it('should accept whole numbers from 1 and leave the default to the chapter', () => {
    expect(parseSteps('250')).toBe(250);
    expect(parseSteps(undefined)).toBeUndefined();
  });

  it('should refuse zero, negatives, fractions and words', () => {
    for (const bad of ['0', '-1', '2.5', 'many'])
      expect(() => parseSteps(bad)).toThrow(`--steps must be a whole number ≥ 1, got '${bad}'.`);
  });
});
