/**
 * The grader on a real chapter (chapter 1, sandboxed): the reference solutions handed in score every
 * point, as they always did, two hostile chapter-1 hand-ins score none, and two honest mistakes get
 * their evidence (values, smallest input, advice) out of the sandbox.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISTAKES } from '../../fixtures/feedback/mistakes';
import { loadManifest, REPO_ROOT } from '../manifest';
import { gradeSandboxed, handIn, referenceFiles } from '../testing/hand-ins';
import { sandboxSupport } from './sandbox/bubblewrap';
import type { ClassRun } from './submissions';

const CHAPTER = 'ch1-temperatures';
const HOSTILE = path.join(REPO_ROOT, 'fixtures/grade/hostile', CHAPTER);
const SANDBOXED = sandboxSupport().available || Boolean(process.env.CI);

const HONEST = MISTAKES.filter(
  (m) => (m.kata === 'ch1/loss' && m.name === 'mean') || (m.kata === 'ch1/model' && m.name === 'elementwise'),
);

const full = loadManifest();
const chapter = full.chapters.find((c) => c.dir === CHAPTER)!;
const manifest = { chapters: [chapter] };
let dir: string;
let run: ClassRun;
const grades = (learner: string) => run.results.find((r) => r.learner === learner)!.grades;

beforeAll(async () => {
  if (!SANDBOXED) return;
  dir = mkdtempSync(path.join(tmpdir(), 'chapter1-class-'));
  const reference = referenceFiles(chapter);
  handIn(dir, 'reference', chapter, reference);
  const hostile = (fixture: string) =>
    readFileSync(path.join(HOSTILE, fixture), 'utf8').replaceAll('__REPO_ROOT__', REPO_ROOT);
  handIn(dir, 'loss-forge-memory', chapter, { 'loss.ts': hostile('loss.forge-memory.ts') });
  handIn(dir, 'model-read-answer', chapter, { 'model.ts': hostile('model.read-answer-import.ts') });
  // Two honest mistakes, as fixtures/feedback/mistakes.ts makes them.
  for (const mistake of HONEST) {
    const kata = mistake.kata.split('/')[1]!;
    const file = `${kata}.ts`;
    const content = mistake.edits.reduce((text, [from, to]) => text.replace(from, to), reference[file]!);
    handIn(dir, `${kata}-${mistake.name}`, chapter, { [file]: content });
  }
  run = await gradeSandboxed(dir, manifest);
}, 600_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe.runIf(SANDBOXED)('grading chapter 1 in the sandbox', () => {
  it('should give the reference solutions every point', () => {
    expect(grades('reference').map((g) => [g.kata, g.status, g.points === g.maxPoints])).toEqual(
      manifest.chapters[0]!.katas.map((k) => [k.name, 'pass', true]),
    );
  });

  it('should catch a leaking loss that hides its leak by patching tf.memory()', () => {
    const loss = grades('loss-forge-memory').find((g) => g.kata === 'loss')!;
    expect([loss.status, loss.points]).toEqual(['error', 0]);
    expect(loss.problems.join()).toMatch(/tf\.engine\(\)\.\[prototype 0\]\.memory/);
  });

  it('should quote an honest failure’s evidence from the sandbox: its smallest input and the advice', () => {
    const loss = grades('loss-mean').find((g) => g.kata === 'loss')!;
    const failing = loss.tests.find((t) => t.status === 'fail')!;
    expect(failing.evidence).toMatchObject({ errorClass: 'AssertionError', counterexample: expect.any(String) });
    expect(loss.feedback).toMatch(/1\/2 of the reference/);
  });

  it('should keep a failed property’s expected and received values through the sandbox', () => {
    const model = grades('model-elementwise').find((g) => g.kata === 'model')!;
    const shape = model.tests.find((t) => t.name.includes('shape [N, 1]'))!;
    expect(shape.evidence).toMatchObject({ expected: '[ 1, 1 ]', received: '[ 1, 2 ]' });
  });

  it('should not let a model be imported from the instructor’s solutions/', () => {
    const model = grades('model-read-answer').find((g) => g.kata === 'model')!;
    expect([model.status, model.points]).toEqual(['error', 0]);
    expect(model.feedback).toMatch(/\[grade:blocked\]/);
  });
});
