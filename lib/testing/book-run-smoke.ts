/**
 * The smoke test every small chapter's book run shares: a few steps exercise the whole run (data,
 * training, figures, result shape) without being held to the bands, which apply at the book's scale.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BookRun, ChapterResult } from '../run/types';

export function describeBookRunSmoke(chapter: string, bookRun: BookRun, smokeSteps: number): void {
  const outDir = mkdtempSync(path.join(tmpdir(), `${chapter}-book-run-`));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  let result: ChapterResult | undefined;
  const lines: string[] = [];
  async function smokeRun(): Promise<ChapterResult> {
    result ??= await bookRun.run({
      steps: smokeSteps,
      outDir,
      backend: { name: 'cpu', tfName: 'cpu', gpu: false, skipped: [] },
      print: (line) => lines.push(line),
    });
    return result;
  }

  describe(`${chapter} book run (smoke test at ${smokeSteps} steps)`, () => {
    it('should report the chapter and its runs, and pass the checks that apply to a short run', async () => {
      const r = await smokeRun();
      expect(r.chapter).toBe(chapter);
      expect(r.runs.length).toBeGreaterThan(0);
      expect(r.pass, r.runs.flatMap((run) => run.checks).join('\n')).toBe(true);
    });

    it('should write every figure it lists', async () => {
      const r = await smokeRun();
      expect(r.figures.length).toBeGreaterThan(0);
      expect(r.figures.filter((f) => !existsSync(f))).toEqual([]);
    });

    it("should say that the bands apply to the book's step count only", async () => {
      await smokeRun();
      expect(
        lines.some((l) => l.includes('is not the book')),
        lines.join('\n'),
      ).toBe(true);
    });

    it('should record a finite loss for every run', async () => {
      const r = await smokeRun();
      expect(r.runs.every((run) => Number.isFinite(run.final.loss))).toBe(true);
    });
  });
}
