/**
 * Windows line endings. Git for Windows clones with `core.autocrlf=true`; without `.gitattributes`
 * that puts CRLF in every stub and test, and editors or copies made outside git can do the same.
 * Untouched katas must still read as pristine, or the learner's progress, the grader and verify
 * would all take every stub for an edited one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitBlobHash } from '../git/blob';
import { type ChapterEntry, type KataEntry, kataLabel, loadManifest, REPO_ROOT, testFileName } from '../manifest';

const git = (args: string[], cwd = REPO_ROOT) => spawnSync('git', args, { cwd, encoding: 'utf8' });
const inGitClone = git(['rev-parse', '--verify', 'HEAD']).status === 0;
if (!inGitClone) console.warn('not in a git clone with a commit: the autocrlf clone test is skipped');

type Reader = (chapter: ChapterEntry, file: string) => Buffer;
const toCrlf = (content: Buffer) => Buffer.from(content.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');

/** Every stub and test whose bytes, as `read` gives them, do not hash to the manifest's record. */
function mismatches(root: string, read: Reader): string[] {
  const manifest = loadManifest(path.join(root, 'katas/manifest.json'));
  const wrong = (chapter: ChapterEntry, kata: KataEntry, file: string, recorded: string, what: string) =>
    gitBlobHash(read(chapter, file)) === recorded ? [] : [`${kataLabel(chapter, kata)} ${what}`];
  return manifest.chapters.flatMap((chapter) =>
    chapter.katas.flatMap((kata) => [
      ...wrong(chapter, kata, kata.file, kata.pristine, 'stub'),
      ...wrong(chapter, kata, testFileName(kata), kata.testPristine, 'test'),
    ]),
  );
}

let clone: string | undefined;
beforeAll(() => {
  if (!inGitClone) return;
  clone = mkdtempSync(path.join(tmpdir(), 'crlf-clone-'));
  const made = git(['-c', 'core.autocrlf=true', 'clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone]);
  expect(made.status, made.stderr).toBe(0);
});
afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe('Windows line endings', () => {
  const inRepo: Reader = (chapter, file) => readFileSync(path.join(REPO_ROOT, 'katas', chapter.dir, file));

  it('should read every stub and test rewritten with CRLF as pristine', () => {
    const sample = loadManifest().chapters[0]!;
    expect(toCrlf(inRepo(sample, sample.katas[0]!.file)).includes('\r\n')).toBe(true);
    expect(mismatches(REPO_ROOT, (chapter, file) => toCrlf(inRepo(chapter, file)))).toEqual([]);
  });

  it('should still tell an edited stub from the pristine one when both use CRLF', () => {
    const chapter = loadManifest().chapters[0]!;
    const kata = chapter.katas[0]!;
    const edited = toCrlf(Buffer.concat([inRepo(chapter, kata.file), Buffer.from('// mine\n')]));
    expect(gitBlobHash(edited)).not.toBe(kata.pristine);
  });

  it.skipIf(!inGitClone)('should check out LF files in a core.autocrlf=true clone, as .gitattributes says', () => {
    const chapter = loadManifest(path.join(clone!, 'katas/manifest.json')).chapters[0]!;
    const stub = readFileSync(path.join(clone!, 'katas', chapter.dir, chapter.katas[0]!.file), 'latin1');
    expect(stub.includes('\r\n')).toBe(false);
    expect(mismatches(clone!, (c, file) => readFileSync(path.join(clone!, 'katas', c.dir, file)))).toEqual([]);
  });
});
