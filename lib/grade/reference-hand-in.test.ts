/**
 * The grader on the whole course, sandboxed: the reference solutions of every chapter, handed in as a
 * learner would, score every point. This is the check against false alarms: a kata test that loads a
 * backend, trains a CNN or awaits the event loop must not look like tampering to the pinned runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest';
import { gradeSandboxed, handIn, referenceFiles } from '../testing/hand-ins';
import { sandboxSupport } from './sandbox/bubblewrap';
import type { ClassRun } from './submissions';

const SANDBOXED = sandboxSupport().available || Boolean(process.env.CI);

const manifest = loadManifest();
let dir: string;
let run: ClassRun;

beforeAll(async () => {
  if (!SANDBOXED) return;
  dir = mkdtempSync(path.join(tmpdir(), 'reference-hand-in-'));
  for (const chapter of manifest.chapters) handIn(dir, 'reference', chapter, referenceFiles(chapter));
  run = await gradeSandboxed(dir, manifest);
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
