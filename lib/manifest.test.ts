import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from './errors';
import { findChapter, isPristine, kataPath, loadManifest, testPath } from './manifest';
import { gitBlobHash } from './git/blob';

describe('the kata manifest', () => {
  it('should agree with git on a real stub when git is available', () => {
    const chapter = loadManifest().chapters[0]!;
    const file = kataPath(chapter, chapter.katas[0]!);
    let fromGit: string;
    try {
      fromGit = execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim();
    } catch {
      return; // no git on this machine: the fixed vector above still pins the algorithm
    }
    expect(gitBlobHash(readFileSync(file))).toBe(fromGit);
  });

  it('should list chapters ch1 upwards in order, each kata with a test beside its stub', () => {
    const manifest = loadManifest();
    expect(manifest.chapters.map((c) => c.id)).toEqual(manifest.chapters.map((_, i) => `ch${i + 1}`));
    const chapter = manifest.chapters[0]!;
    expect(testPath(chapter, chapter.katas[0]!)).toBe(
      kataPath(chapter, chapter.katas[0]!).replace(/\.ts$/, '.test.ts'),
    );
  });

  it('should name the valid chapters when asked for an unknown one', () => {
    expect(() => findChapter(loadManifest(), 'ch9')).toThrow(/Unknown chapter 'ch9'; choose one of: ch1/);
    expect(findChapter(loadManifest(), 'ch1').dir).toBe('ch1-temperatures');
  });

  it('should say how to restore an unreadable manifest', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'));
    const file = path.join(dir, 'manifest.json');
    writeFileSync(file, '{ not json');
    expect(() => loadManifest(file)).toThrow(UserError);
    expect(() => loadManifest(file)).toThrow(/git checkout -- katas\/manifest\.json/);
  });

  it('should tell a changed stub from a pristine one', () => {
    const chapter = loadManifest().chapters[0]!;
    const kata = chapter.katas[0]!;
    expect(isPristine(chapter, { ...kata, pristine: '0'.repeat(40) })).toBe(false);
    expect(isPristine(chapter, { ...kata, file: 'no-such-file.ts' })).toBe(false);
  });
});
