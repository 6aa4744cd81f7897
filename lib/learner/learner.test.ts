import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../errors';
import { loadManifest, type ChapterEntry, type Manifest } from '../manifest';

import { gitBlobHash, readGitBlob } from '../git/blob';
import { formatHints, revealNextHint } from './hints';
import { runKata } from './kata-run';
import { kataProgress, nextKata, progressLines } from './progress';
import { katasToReset, resetKatas } from './reset';
import { resultLines, startSession } from './session';
import { alignLines, sideBySide, solutionView } from './solution';
import { loadState, saveState, type LearnerState } from './state';
import { pollingAdvised, watchFolders } from './watcher';

const manifest = loadManifest();
const ch1 = manifest.chapters[0]!;
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'learner-'));
  vi.stubEnv('KATA_STATE_FILE', path.join(tmp, 'state.json'));
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(tmp, { recursive: true, force: true });
});
const emptyState = (): LearnerState => ({ hintsShown: {}, results: {} });

describe('hints', () => {
  it('should reveal one more hint each time and stop at the last', () => {
    const state = emptyState();
    const kata = ch1.katas.find((k) => k.hints.length >= 2)!;
    expect(revealNextHint(state, ch1, kata).shown).toEqual(kata.hints.slice(0, 1));
    expect(formatHints(revealNextHint(state, ch1, kata))[1]).toMatch(/^Hint 2 of/);
    for (let i = 0; i < 5; i++) revealNextHint(state, ch1, kata);
    expect(formatHints(revealNextHint(state, ch1, kata)).at(-1)).toMatch(/last hint/);
  });
});

describe('progress', () => {
  it('should call untouched stubs not started and pick the first unfinished kata', () => {
    const progress = kataProgress(manifest, emptyState());
    expect(progress.filter((p) => p.chapter.id === 'ch1').every((p) => p.status === 'not started')).toBe(true);
    expect(nextKata(progress)?.kata.name).toBe(ch1.katas[0]!.name);
  });
  it('should trust a remembered result only for the same file content', () => {
    const fake: Manifest = {
      chapters: [{ ...ch1, katas: ch1.katas.map((k) => ({ ...k, pristine: 'f'.repeat(40) })) }],
    };
    const hash = gitBlobHash(readFileSync(path.join(import.meta.dirname, '../../katas', ch1.dir, ch1.katas[0]!.file)));
    const state: LearnerState = {
      hintsShown: {},
      results: {
        [`ch1/${ch1.katas[0]!.name}`]: { hash, status: 'pass' },
        [`ch1/${ch1.katas[1]!.name}`]: { hash: 'old', status: 'pass' },
      },
    };
    const progress = kataProgress(fake, state);
    expect(progress.slice(0, 2).map((p) => p.status)).toEqual(['pass', 'unknown']);
    expect(nextKata(progress)?.kata.name).toBe(ch1.katas[1]!.name);
    expect(progressLines(progress, 10)).toEqual([
      `Progress [##--------] 1/${ch1.katas.length} katas`,
      expect.stringMatching(/^ch1 \[#-+\]/),
    ]);
  });
});

describe('the reference solution beside your code', () => {
  it('should align the two files as a diff, so one extra line shifts nothing', () => {
    const yours = "import a from 'a';\nimport b from 'b';\nconst x = 1;\nreturn x;\n";
    const reference = "import a from 'a';\nconst x = 2;\nreturn x;\n";
    expect(sideBySide(yours, reference, 14, ['me', 'ref'])).toEqual([
      '  me             │ ref',
      '  -------------- │ --------------',
      '  import a from  │ import a from',
      "  'a';           │ 'a';",
      '- import b from  │',
      "  'b';           │",
      '~ const x = 1;   │ const x = 2;',
      '  return x;      │ return x;',
      '',
      '~ differs   - only yours   + only the reference',
    ]);
  });
  it('should wrap a long line instead of cutting it', () => {
    const long = 'x'.repeat(25);
    const rows = sideBySide(long, long, 10, ['a', 'b']).slice(2, 5);
    expect(rows.map((r) => r.slice(2, 12).trim()).join('')).toBe(long);
    expect(rows.map((r) => r.slice(15).trim()).join('')).toBe(long);
  });
  it('should pair runs of changed lines and put a line only one side has opposite a gap', () => {
    expect(alignLines(['a', 'const b = 1;', 'c'], ['a', 'const b = 2;', 'c', 'd'])).toEqual([
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'changed', left: 'const b = 1;', right: 'const b = 2;' },
      { kind: 'same', left: 'c', right: 'c' },
      { kind: 'reference', left: '', right: 'd' },
    ]);
  });
  it('should refuse before the kata passes, and show both once it does', () => {
    expect(() => solutionView(ch1, ch1.katas[0]!, 'fail', 100)).toThrow(UserError);
    expect(solutionView(ch1, ch1.katas[0]!, 'pass', 100)[0]).toMatch(/yours: katas\/.*│ reference: solutions\//);
  });
});

describe('watching for saves', () => {
  it('should advise polling on WSL drives only', () => {
    expect(pollingAdvised('Linux version 5.15 microsoft-standard-WSL2', '/mnt/c/katas')).toBe(true);
    expect(pollingAdvised('Linux version 6.1 Debian', '/mnt/c/katas')).toBe(false);
  });
  it.each([false, true])('should report one change per burst of saves (poll: %s)', async (poll) => {
    const dir = path.join(tmp, `watch-${poll}`);
    mkdirSync(dir);
    const file = path.join(dir, 'k.ts');
    writeFileSync(file, '1');
    const seen: string[] = [];
    const stop = watchFolders([dir], (f) => seen.push(f), { poll, intervalMs: 50, debounceMs: 100 });
    await new Promise((r) => setTimeout(r, 150));
    writeFileSync(file, '2');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await vi.waitFor(() => expect(seen).toEqual([file]), { timeout: 3000 });
    stop();
  });
});

describe('the watch session', () => {
  const chapter: ChapterEntry = ch1;
  it('should run the first unfinished kata and say what to do next', async () => {
    const lines: string[] = [];
    const run = vi.fn(async () => ({
      status: 'fail' as const,
      seconds: 1,
      tests: [
        {
          name: 'should lower the loss',
          status: 'fail' as const,
          message: 'the loss does not fall: 3 at the start, 4 after 9 steps',
        },
      ],
    }));
    const session = startSession({ manifest, once: true, print: (l) => lines.push(l), run });
    await session.ready;
    session.hint();
    expect(run).toHaveBeenCalledWith(chapter, chapter.katas[0]);
    expect(lines.join('\n')).toMatch(
      new RegExp(
        [
          String.raw`Progress \[-+\] 0\/\d+ katas`,
          '✗ should lower the loss',
          '→ The loss rises instead of falling',
          String.raw`Next: edit katas\/ch1-temperatures\/data.ts`,
          'Hint 1 of',
        ].join(String.raw`[\s\S]*`),
      ),
    );
  });
  it('should move on when a kata passes, and congratulate when all do', async () => {
    const lines: string[] = [];
    const passing = {
      status: 'pass' as const,
      seconds: 1,
      tests: [{ name: 't', status: 'pass' as const, message: '' }],
    };
    const results: Record<string, { hash: string; status: 'pass' }> = {};
    const run = vi.fn(async (c: ChapterEntry, k: (typeof ch1.katas)[number]) => {
      results[`${c.id}/${k.name}`] = {
        hash: gitBlobHash(readFileSync(path.join(import.meta.dirname, '../../katas', c.dir, k.file))),
        status: 'pass',
      };
      saveState({ hintsShown: {}, results });
      return passing;
    });
    // Every kata changed (its pristine hash differs from the file) and never run: each must be run.
    const allChanged: Manifest = {
      chapters: [{ ...ch1, katas: ch1.katas.map((k) => ({ ...k, pristine: '0'.repeat(40) })) }],
    };
    await startSession({ manifest: allChanged, once: true, print: (l) => lines.push(l), run }).ready;
    expect(run).toHaveBeenCalledTimes(ch1.katas.length);
    expect(lines.at(-1)).toMatch(/Every kata passes/);
    expect(resultLines({ chapter, kata: ch1.katas[0]!, status: 'pass' }, passing).join('\n')).toMatch(
      /passes! See the reference/,
    );
    saveState({ hintsShown: {}, results: {} });
  });
});

describe('running a kata on the learner’s files', () => {
  it('should run an untouched stub as not started and remember it', async () => {
    const kata = ch1.katas.find((k) => k.name === 'model')!;
    const result = await runKata(ch1, kata, 60);
    expect(result.status).toBe('not started');
    expect(loadState().results['ch1/model']).toEqual({ hash: kata.pristine, status: 'not started' });
  }, 60_000);
});

describe('reset', () => {
  it('should name the valid katas for an unknown one', () => {
    expect(() => katasToReset(ch1, 'nope')).toThrow(/choose one of: data/);
    expect(katasToReset(ch1)).toHaveLength(ch1.katas.length);
  });
  it('should say in one sentence that a folder outside git cannot be restored', () => {
    expect(() => readGitBlob('0'.repeat(40), tmp)).toThrow(/is not a git repository/);
  });
  it('should restore a changed stub from git after confirmation, and leave it when refused', async () => {
    const clone = path.join(tmp, 'clone');
    const dir = path.join(clone, 'katas', ch1.dir);
    mkdirSync(dir, { recursive: true });
    const kata = ch1.katas[0]!;
    const pristine = readFileSync(path.join(import.meta.dirname, '../../katas', ch1.dir, kata.file));
    writeFileSync(path.join(dir, kata.file), pristine);
    const git = (...a: string[]) =>
      spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: clone });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'stubs');
    writeFileSync(path.join(dir, kata.file), 'my attempt');
    const lines: string[] = [];
    await expect(
      resetKatas(
        ch1,
        [kata],
        async () => false,
        (l) => lines.push(l),
        clone,
      ),
    ).rejects.toThrow('Nothing was reset.');
    expect(
      await resetKatas(
        ch1,
        [kata],
        async () => true,
        (l) => lines.push(l),
        clone,
      ),
    ).toBe(1);
    expect(readFileSync(path.join(dir, kata.file))).toEqual(pristine);
    expect(
      await resetKatas(
        ch1,
        [kata],
        async () => true,
        (l) => lines.push(l),
        clone,
      ),
    ).toBe(0);
    expect(lines.at(-1)).toMatch(/already pristine/);
  });
});
