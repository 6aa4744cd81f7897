/**
 * The grader on the whole course, sandboxed: the reference solutions of every chapter, handed in as a
 * learner would, score every point. This is the check against false alarms: a kata test that loads a
 * backend, trains a CNN or awaits the event loop must not look like tampering to the pinned runner.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, REPO_ROOT } from '../manifest';
import { sandboxSupport } from './sandbox/bubblewrap';
import { type ClassRun, gradeSubmissions } from './submissions';

/** `npm run grade`'s own limits: the CNN katas' training tests take seconds each. */
const TIMEOUT_SECONDS = 300;
const TEST_TIMEOUT_SECONDS = 120;
const MAX_MEMORY_MB = 4096;
const SANDBOXED = sandboxSupport().available || Boolean(process.env.CI);

const manifest = loadManifest();
let dir: string;
let run: ClassRun;

beforeAll(async () => {
  if (!SANDBOXED) return;
  dir = mkdtempSync(path.join(tmpdir(), 'reference-hand-in-'));
  for (const chapter of manifest.chapters) {
    const folder = path.join(dir, 'reference', chapter.dir);
    mkdirSync(folder, { recursive: true });
    cpSync(path.join(REPO_ROOT, 'katas', chapter.dir), folder, { recursive: true });
    for (const kata of chapter.katas)
      cpSync(path.join(REPO_ROOT, 'solutions', chapter.dir, kata.file), path.join(folder, kata.file));
  }
  run = await gradeSubmissions(dir, {
    course: { root: REPO_ROOT, manifest },
    sandbox: true,
    timeoutSeconds: TIMEOUT_SECONDS,
    testTimeoutSeconds: TEST_TIMEOUT_SECONDS,
    maxMemoryMb: MAX_MEMORY_MB,
    maxProcesses: 256,
    jobs: 2,
  });
}, 900_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe.runIf(SANDBOXED)('grading the reference solutions of the whole course in the sandbox', () => {
  it('should give every kata of every chapter every point, with nothing flagged', () => {
    const grades = run.results.find((r) => r.learner === 'reference')!.grades;
    const verdicts = grades.map((g) => [`${g.chapter}/${g.kata}`, g.status, g.points, g.problems]);
    const expected = manifest.chapters.flatMap((c) => c.katas.map((k) => [`${c.id}/${k.name}`, 'pass', k.points, []]));
    expect(verdicts).toEqual(expected);
  });
});
