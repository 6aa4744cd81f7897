/**
 * A grading session: made once for a clone or a class — the stage (copies of the tooling), the pristine
 * and hidden tests, and their census (what each test file holds, from the reference solutions, taken
 * when the first kata needs it). Each kata is then graded in a workspace of its own, by one vitest run
 * whose worker is sandboxed, under a memory and process cap, a per-test limit and the kata's timeout;
 * a test the grader had to stop costs that test, and the run resumes without it. An untouched stub is
 * "not started" without running anything; a kata whose grading was bent, or whose test cannot be
 * trusted, scores nothing.
 */
import path from 'node:path';
import { gitBlobHash } from '../git/blob';
import { diagnose } from '../feedback/diagnose';
import type { SourceReader } from '../feedback/evidence';
import { evidenceLines } from '../feedback/evidence-lines';
import { type ChapterEntry, type KataEntry, kataLabel, type Manifest } from '../manifest';
import { kataStatus, type TestGrade } from '../testrun/outcome';
import { type Census, takeCensus } from './census';
import { type RunRecord, runGraded } from './graded-run';
import { type HiddenTests, loadHiddenTests } from './hidden-tests';
import { readHandIn } from './intake';
import { kataPoints, type KataGrade, notGraded } from './outcome';
import { createStage, type Stage } from './stage';
import { pristineTest, submittedTestNote, testFileOf } from './test-guard';
import { keyOf } from './runner/run-config';
import { type Attempt, judge, type Limits, runningTest, type Stopped, stopReason } from './verdict';
import { createWorkspace, type HiddenTest, type KataUnderTest } from './workspace';

export interface Course {
  /** Folder with katas/ (tests, manifest) and solutions/. */
  root: string;
  manifest: Manifest;
}

export interface GradeOptions {
  course: Course;
  /** Run each kata's worker in the sandbox (bubblewrap); false only where the caller allowed it. */
  sandbox: boolean;
  /** The kata's limit, the backstop for everything. */
  timeoutSeconds: number;
  /** One test's limit: a test past it is stopped and the others run without it. */
  testTimeoutSeconds: number;
  /** Memory cap of one kata's run: V8 heap, typed arrays, wasm, every process. */
  maxMemoryMb: number;
  maxProcesses: number;
  /** How many katas are graded at once. */
  jobs: number;
  /** Hidden tests laid out like katas/ (`--extra-tests`). */
  extraTests?: string;
  /** The repository whose lib/, fixtures/ and node_modules graded runs use; this one by default. */
  toolingRoot?: string;
  /** Told once the census is taken (when the first kata needs it): how runs are capped, what it found. */
  onSession?: (info: SessionInfo) => void;
}

/** `npm run grade`'s default limits (and the grader tests'): the CNN katas' training tests take seconds each. */
export const DEFAULT_GRADE_LIMITS: Pick<
  GradeOptions,
  'timeoutSeconds' | 'testTimeoutSeconds' | 'maxMemoryMb' | 'maxProcesses' | 'jobs'
> = { timeoutSeconds: 300, testTimeoutSeconds: 120, maxMemoryMb: 4096, maxProcesses: 256, jobs: 2 };

export interface SessionInfo {
  sandboxed: boolean;
  limits: string;
  testFiles: number;
  broken: string[];
  seconds: number;
}

export interface GradingSession {
  /** The hidden tests it loaded (`--extra-tests`), and the files among them that belong to no kata. */
  hidden: HiddenTests;
  gradeKata(learnerKatas: string, chapter: ChapterEntry, kata: KataEntry, submission: boolean): Promise<KataGrade>;
  close(): void;
}

/** A census of all 27 katas loads every test file once; it gets the time of several katas. */
const CENSUS_TIMEOUT_FACTOR = 4;
/** Pristine tests that use these may register per-test callbacks; a kata's code may not. */
const TEST_HOOK_NAMES = /\bonTest(Finished|Failed)\b/;

export function feedbackFor(tests: TestGrade[], status: KataGrade['status']): string {
  if (status === 'pass') return `All ${tests.length} tests pass.`;
  if (status === 'not started' && tests.length === 0) return 'Not started: the stub is unchanged.';
  const failing = tests.filter((t) => t.status !== 'pass');
  const first = failing[0]!;
  const advice = diagnose(failing)?.advice;
  const details = evidenceLines(first.evidence).map((l) => ` ${l.trim()}.`);
  return [
    `${tests.length - failing.length} of ${tests.length} tests pass. ` +
      `First problem: '${first.name}': ${first.message}.` +
      details.join(''),
    ...(advice ? [advice] : []),
  ].join(' ');
}

/**
 * The evidence's line of code comes from the file as it was handed in, never from the workspace
 * after the run: the kata may have replaced its own file there (by a FIFO, or a link to elsewhere).
 */
function handedInFile(chapter: ChapterEntry, kata: KataEntry, content: Buffer): SourceReader {
  const handedIn = `katas/${chapter.dir}/${kata.file}`;
  return (relativePath) => (relativePath.replaceAll('\\', '/') === handedIn ? content.toString('utf8') : undefined);
}

const limitsOf = (o: GradeOptions): Limits => ({
  kataTimeoutSeconds: o.timeoutSeconds,
  testTimeoutSeconds: Math.min(o.testTimeoutSeconds, o.timeoutSeconds),
  memoryMb: o.maxMemoryMb,
  maxProcesses: o.maxProcesses,
});

export async function openSession(options: GradeOptions): Promise<GradingSession> {
  const { course } = options;
  const hidden = loadHiddenTests(options.extraTests, course.manifest);
  const stage = createStage(options.toolingRoot);
  try {
    const katas = course.manifest.chapters.flatMap((chapter) => chapter.katas.map((kata) => ({ chapter, kata })));
    const pristine = new Map(
      katas.map(({ chapter, kata }) => [kataLabel(chapter, kata), pristineTest(course.root, chapter, kata)]),
    );
    const underTest: KataUnderTest[] = katas.flatMap(({ chapter, kata }) => {
      const test = pristine.get(kataLabel(chapter, kata))!.content;
      return test ? [{ chapter, kata, test, hidden: hidden.byKata.get(kataLabel(chapter, kata)) ?? [] }] : [];
    });
    const limits = limitsOf(options);
    // Taken when the first kata needs it: a class (or a clone) of untouched stubs runs nothing at all.
    let taken: Promise<Census> | undefined;
    const census = () =>
      (taken ??= takeCensus(stage, course.root, course.manifest, underTest, {
        sandbox: options.sandbox,
        memoryMb: options.maxMemoryMb,
        maxProcesses: options.maxProcesses,
        testTimeoutMs: limits.testTimeoutSeconds * 1000,
        timeoutMs: options.timeoutSeconds * 1000 * CENSUS_TIMEOUT_FACTOR,
      }).then((found) => {
        options.onSession?.({
          sandboxed: options.sandbox,
          limits: found.limits,
          testFiles: found.files.size,
          broken: [...found.broken].map(([file, why]) => `${file}: ${why}`),
          seconds: found.seconds,
        });
        return found;
      }));
    return {
      hidden,
      gradeKata: (learnerKatas, chapter, kata, submission) =>
        gradeKata(
          { options, limits, stage, census },
          learnerKatas,
          chapter,
          kata,
          submission,
          pristine.get(kataLabel(chapter, kata))!,
          hidden.byKata.get(kataLabel(chapter, kata)) ?? [],
        ),
      close: () => stage.dispose(),
    };
  } catch (error) {
    stage.dispose();
    throw error;
  }
}

interface SessionParts {
  options: GradeOptions;
  limits: Limits;
  stage: Stage;
  census: () => Promise<Census>;
}

async function gradeKata(
  session: SessionParts,
  learnerKatas: string,
  chapter: ChapterEntry,
  kata: KataEntry,
  submission: boolean,
  test: ReturnType<typeof pristineTest>,
  hidden: HiddenTest[],
): Promise<KataGrade> {
  const { options, limits } = session;
  const guard = [...test.notes];
  if (submission) {
    const note = submittedTestNote(learnerKatas, chapter, kata, test.content);
    if (note) guard.push(note);
  }
  const done = (
    status: KataGrade['status'],
    tests: TestGrade[],
    feedback: string,
    extra: Partial<Pick<KataGrade, 'problems' | 'seconds' | 'notes'>> = {},
  ): KataGrade => ({
    chapter: chapter.id,
    kata: kata.name,
    status,
    points: extra.problems?.length ? 0 : kataPoints(tests, kata.points),
    maxPoints: kata.points,
    tests,
    feedback,
    guard,
    problems: extra.problems ?? [],
    notes: extra.notes ?? [],
    sandboxed: options.sandbox,
    seconds: extra.seconds ?? 0,
  });
  const file = readHandIn(learnerKatas, [chapter.dir, kata.file]);
  if (file.kind === 'missing')
    return done('not started', [], `Not started: ${path.join(chapter.dir, kata.file)} is missing.`);
  if (file.kind === 'refused') return notGraded(chapter.id, kata, file.reason, options.sandbox, guard);
  if (gitBlobHash(file.content) === kata.pristine)
    return done('not started', [], 'Not started: the stub is unchanged.');
  if (!test.content) return done('error', [], `Not graded: ${guard.at(-1)}.`);
  const census = await session.census();
  const testFiles = [testFileOf(chapter, kata), ...hidden.map((h) => path.join('katas', chapter.dir, h.name))];
  const broken = testFiles.flatMap((f) => (census.broken.has(f) ? [`${f}: ${census.broken.get(f)}`] : []));
  if (broken.length) {
    const reason = `the pristine test does not load against the reference solution (${broken.join('; ')})`;
    return notGraded(chapter.id, kata, reason, options.sandbox, guard);
  }
  const started = Date.now();
  const workspace = createWorkspace(session.stage, options.course.root, options.course.manifest, [
    { chapter, kata, learnerFile: file.content, test: test.content, hidden },
  ]);
  try {
    const { attempts, stopped } = await runResuming(session, census, workspace, chapter, [
      test.content,
      ...hidden.map((h) => h.content),
    ]);
    const verdict = judge(
      census.files,
      workspace.testFiles,
      attempts,
      stopped,
      workspace.root,
      limits,
      handedInFile(chapter, kata, file.content),
    );
    const seconds = (Date.now() - started) / 1000;
    if (verdict.problems.length)
      return done('error', verdict.tests, `Not graded: ${verdict.problems.join('; ')}.`, {
        problems: verdict.problems,
        notes: verdict.notes,
        seconds,
      });
    const status = kataStatus(verdict.tests);
    return done(status, verdict.tests, feedbackFor(verdict.tests, status), { notes: verdict.notes, seconds });
  } finally {
    workspace.dispose();
  }
}

/**
 * Runs the kata's tests; when the grader had to stop one that was stuck, runs the ones without a
 * result again, skipping the stopped ones, until all have one or the kata's time is up.
 */
async function runResuming(
  session: SessionParts,
  census: Census,
  workspace: ReturnType<typeof createWorkspace>,
  chapter: ChapterEntry,
  testSources: Buffer[],
): Promise<{ attempts: Attempt[]; stopped: Stopped[] }> {
  const { options, limits } = session;
  // The pristine and hidden tests are fixed for the kata: every attempt is told the same.
  const testHooksAllowed = testSources.some((s) => TEST_HOOK_NAMES.test(s.toString()));
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const expected = workspace.testFiles.flatMap((file) =>
    (census.files.get(file)?.tests ?? []).map((titles) => ({ file, titles })),
  );
  const attempts: Attempt[] = [];
  const stopped: Stopped[] = [];
  const resolved = new Set<string>();
  let only: Attempt['only'];
  for (;;) {
    const run: RunRecord = await runGraded({
      stage: session.stage,
      workspace,
      writableDir: path.join('katas', chapter.dir),
      sandbox: options.sandbox,
      only,
      testHooksAllowed,
      deadline,
      testTimeoutMs: limits.testTimeoutSeconds * 1000,
      memoryMb: options.maxMemoryMb,
      maxProcesses: options.maxProcesses,
    });
    attempts.push({ run, only });
    for (const line of run.lines)
      if (line.type === 'result' && line.state !== 'skipped' && line.state !== 'pending')
        resolved.add(keyOf(path.relative(workspace.root, line.file), line.titles));
    // Only a stuck test is left behind and the rest run again: a kata over its memory or process cap
    // would most likely go over it again in every test, and its remaining tests share its fate.
    const reason = stopReason(run, limits);
    const at = reason ? runningTest(run, workspace.root) : undefined;
    if (at && reason) stopped.push({ ...at, reason });
    if (!run.hung || !at || run.timedOut) break;
    resolved.add(keyOf(at.file, at.titles));
    only = expected.filter((t) => !resolved.has(keyOf(t.file, t.titles)));
    if (!only.length || Date.now() >= deadline) break;
  }
  return { attempts, stopped };
}
