import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChapterEntry } from '../manifest';
import { gitBlobHash } from '../git/blob';
import { pristineTest, submittedTestNote } from './test-guard';

function course(testPristine: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'guard-'));
  mkdirSync(path.join(root, 'katas/c'), { recursive: true });
  writeFileSync(path.join(root, 'katas/c/k.test.ts'), 'test');
  const chapter: ChapterEntry = {
    id: 'c1',
    dir: 'c',
    title: 't',
    katas: [{ name: 'k', file: 'k.ts', points: 1, hints: [], pristine: '', testPristine }],
  };
  return { root, chapter, kata: chapter.katas[0]! };
}

describe('the pristine test guard', () => {
  it('should grade with the test on disk when it matches its recorded hash', () => {
    const { root, chapter, kata } = course(gitBlobHash(Buffer.from('test')));
    try {
      expect(pristineTest(root, chapter, kata)).toEqual({ content: Buffer.from('test'), notes: [] });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('should say a test with no recorded hash is not guarded', () => {
    const { root, chapter, kata } = course('');
    try {
      expect(pristineTest(root, chapter, kata).notes[0]).toMatch(/not guarded/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('should score nothing for an edited test that cannot be restored outside git', () => {
    const { root, chapter, kata } = course(gitBlobHash(Buffer.from('test')));
    try {
      writeFileSync(path.join(root, 'katas/c/k.test.ts'), 'edited');
      const guarded = pristineTest(root, chapter, kata);
      expect(guarded.content).toBeUndefined();
      expect(guarded.notes[0]).toMatch(/was edited and no pristine copy could be read .* the kata scores 0/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("should note a submission's edited test, which is never used", () => {
    const { root, chapter, kata } = course('');
    try {
      expect(submittedTestNote(path.join(root, 'katas'), chapter, kata, Buffer.from('test'))).toBeUndefined();
      expect(submittedTestNote(path.join(root, 'katas'), chapter, kata, Buffer.from('other'))).toMatch(
        /was edited; ignored, graded with the pristine test/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
