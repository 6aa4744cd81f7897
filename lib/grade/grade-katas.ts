/**
 * Grades a learner's katas against a course's pristine tests: each kata in its own workspace and
 * process, with a timeout and a memory cap, a few at a time. An untouched stub is "not started"
 * without running anything; a kata whose test cannot be trusted scores nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChapterEntry, KataEntry, Manifest } from '../manifest';
import { gitBlobHash } from '../git/blob';
import { diagnose } from '../feedback/diagnose';
import { evidenceLines } from '../feedback/evidence-lines';
import { sourceReaderAt } from '../feedback/source-reader';
import { runIsolated } from '../testrun/isolated-run';
import { kataStatus, testGrades, type TestGrade } from '../testrun/outcome';
import { kataPoints, type KataGrade } from './outcome';
import { pristineTest, submittedTestNote } from './test-guard';
import { createWorkspace } from './workspace';

export interface Course {
  /** Folder with katas/ (tests, manifest) and solutions/. */
  root: string;
  manifest: Manifest;
}

export interface GradeOptions {
  course: Course;
  /** The learner's katas folder: holds one folder per chapter (`ch1-temperatures/…`). */
  learnerKatas: string;
  /** True when grading a folder handed in, whose own tests are only compared, never run. */
  submission?: boolean;
  timeoutSeconds: number;
  maxMemoryMb: number;
  /** How many katas are graded at once. */
  jobs: number;
  /** Called as each kata is graded (progress output). */
  onKata?: (grade: KataGrade) => void;
}

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

async function gradeOne(options: GradeOptions, chapter: ChapterEntry, kata: KataEntry): Promise<KataGrade> {
  const { course } = options;
  const base = { chapter: chapter.id, kata: kata.name, maxPoints: kata.points };
  const test = pristineTest(course.root, chapter, kata);
  const guard = [...test.notes];
  const learnerPath = path.join(options.learnerKatas, chapter.dir, kata.file);
  if (options.submission) {
    const note = submittedTestNote(options.learnerKatas, chapter, kata, test.content);
    if (note) guard.push(note);
  }
  const done = (status: KataGrade['status'], tests: TestGrade[], feedback: string, seconds = 0): KataGrade => ({
    ...base,
    status,
    points: kataPoints(tests, kata.points),
    tests,
    feedback,
    guard,
    seconds,
  });
  if (!existsSync(learnerPath))
    return done('not started', [], `Not started: ${path.join(chapter.dir, kata.file)} is missing.`);
  const learnerFile = readFileSync(learnerPath);
  if (gitBlobHash(learnerFile) === kata.pristine) return done('not started', [], 'Not started: the stub is unchanged.');
  if (!test.content) return done('error', [], `Not graded: ${guard.at(-1)}.`);
  const workspace = createWorkspace(course.root, course.manifest, chapter, kata, learnerFile, test.content);
  try {
    const run = await runIsolated({
      cwd: workspace.root,
      args: ['--project', 'katas', '--testTimeout', String(options.timeoutSeconds * 1000), workspace.testFile],
      timeoutMs: options.timeoutSeconds * 1000,
      maxMemoryMb: options.maxMemoryMb,
    });
    const tests = testGrades(run, options.timeoutSeconds, options.maxMemoryMb, sourceReaderAt(workspace.root));
    const status = kataStatus(tests);
    return done(status, tests, feedbackFor(tests, status), run.seconds);
  } finally {
    workspace.dispose();
  }
}

/** Grades every kata of the manifest, `jobs` at a time, in manifest order. */
export async function gradeKatas(options: GradeOptions): Promise<KataGrade[]> {
  const queue = options.course.manifest.chapters.flatMap((chapter) => chapter.katas.map((kata) => ({ chapter, kata })));
  const grades: KataGrade[] = new Array(queue.length);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const index = next++;
      const { chapter, kata } = queue[index]!;
      grades[index] = await gradeOne(options, chapter, kata);
      options.onKata?.(grades[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  return grades;
}
