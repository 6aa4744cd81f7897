import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type Manifest } from '../manifest';
import { gradeKatas, type Course } from './grade-katas';
import type { KataGrade } from './outcome';
import { gradeSubmissions, submissionsCsv, type LearnerGrade } from './submissions';

const COURSE_ROOT = path.join(REPO_ROOT, 'fixtures/grade/course');
const CHAPTER = 'ch0-tiny';
/** Long enough for a loaded 2-core machine to start vitest and tfjs; short enough to keep the suite quick. */
const TIMEOUT_SECONDS = 12;
/** Room for vitest and TensorFlow.js, far below what a runaway allocation reaches. */
const MAX_MEMORY_MB = 512;

const course = (): Course => ({
  root: COURSE_ROOT,
  manifest: JSON.parse(readFileSync(path.join(COURSE_ROOT, 'katas/manifest.json'), 'utf8')) as Manifest,
});
const options = {
  sandbox: true,
  timeoutSeconds: TIMEOUT_SECONDS,
  testTimeoutSeconds: TIMEOUT_SECONDS,
  maxMemoryMb: MAX_MEMORY_MB,
  maxProcesses: 256,
  jobs: 2,
};
const solution = (file: string) => readFileSync(path.join(COURSE_ROOT, 'solutions', CHAPTER, file), 'utf8');
const stub = (file: string) => readFileSync(path.join(COURSE_ROOT, 'katas', CHAPTER, file), 'utf8');

/** Each learner hands in a copy of katas/: the stubs as they left them, and their copy of the tests. */
const LEARNERS: Record<string, Record<string, string>> = {
  correct: { 'add.ts': solution('add.ts'), 'twice.ts': solution('twice.ts') },
  'syntax-error': {
    'add.ts': solution('add.ts'),
    'twice.ts': 'export function twice(x: number): number {\n  return x * 2;\n',
  },
  'infinite-loop': {
    'add.ts': 'export function add(a: number, b: number): number {\n  for (;;) a += 0;\n}\n',
    'twice.ts': solution('twice.ts'),
  },
  'out-of-memory': {
    'add.ts':
      'export function add(a: number, b: number): number {\n  const keep: number[][] = [];\n  for (;;) keep.push(new Array(1e6).fill(a + b));\n}\n',
    'twice.ts': stub('twice.ts'),
  },
  'edited-test': {
    'add.ts': 'export const add = (a: number, b: number): number => 0 * (a + b);\n',
    'add.test.ts': "import { expect, it } from 'vitest';\nit('passes', () => expect(true).toBe(true));\n",
    'twice.ts': stub('twice.ts'),
  },
};

let dir: string;
let results: LearnerGrade[];
const gradeOf = (learner: string, kata: string): KataGrade =>
  results.find((r) => r.learner === learner)!.grades.find((g) => g.kata === kata)!;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'submissions-'));
  for (const [learner, files] of Object.entries(LEARNERS)) {
    const folder = path.join(dir, learner, CHAPTER);
    mkdirSync(folder, { recursive: true });
    cpSync(path.join(COURSE_ROOT, 'katas', CHAPTER), folder, { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(folder, file), content);
  }
  results = (await gradeSubmissions(dir, { course: course(), ...options })).results;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('grading submissions against the pristine tests', () => {
  it('should give a correct solution every point', () => {
    expect(results.find((r) => r.learner === 'correct')!.grades.map((g) => [g.kata, g.status, g.points])).toEqual([
      ['add', 'pass', 1],
      ['twice', 'pass', 2],
    ]);
  });

  it('should cost a syntax error only its own kata, as an error that says it does not load', () => {
    expect(gradeOf('syntax-error', 'add').status).toBe('pass');
    const twice = gradeOf('syntax-error', 'twice');
    expect([twice.status, twice.points]).toEqual(['error', 0]);
    expect(twice.tests[0]!.message).toMatch(/does not load/);
  });

  it('should stop an infinite loop at the timeout and still grade the kata that depends on it', () => {
    const add = gradeOf('infinite-loop', 'add');
    expect([add.status, add.points, add.tests[0]!.message]).toEqual([
      'error',
      0,
      expect.stringMatching(`timed out after ${TIMEOUT_SECONDS} s`),
    ]);
    expect(gradeOf('infinite-loop', 'twice').status).toBe('pass');
  });

  it('should stop a runaway allocation at the memory cap', () => {
    const add = gradeOf('out-of-memory', 'add');
    expect([add.status, add.points]).toEqual(['error', 0]);
    expect(add.feedback).toMatch(/memory/i);
  });

  it('should grade an edited test with the pristine one, and flag the edit', () => {
    const add = gradeOf('edited-test', 'add');
    expect([add.status, add.points]).toEqual(['fail', 0]);
    expect(add.guard.join()).toMatch(/add.test.ts was edited; ignored/);
  });

  it('should call an untouched stub not started without running it', () => {
    expect([gradeOf('edited-test', 'twice').status, gradeOf('edited-test', 'twice').seconds]).toEqual([
      'not started',
      0,
    ]);
  });

  it('should write one CSV row per learner with each kata’s points and the flags', () => {
    const lines = submissionsCsv(results, course().manifest).trim().split('\n');
    expect(lines[0]).toBe('learner,points,max_points,ch0/add,ch0/twice,flags');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      'correct,3,3,1,2',
      'edited-test,0,3,0,0',
      'infinite-loop,2,3,0,2',
      'out-of-memory,0,3,0,0',
      'syntax-error,1,3,1,0',
    ]);
  });
});

describe('grading a clone in place', () => {
  let clone: string;
  beforeAll(() => {
    clone = mkdtempSync(path.join(tmpdir(), 'clone-'));
    cpSync(COURSE_ROOT, clone, { recursive: true });
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));
  const editTest = () =>
    writeFileSync(
      path.join(clone, 'katas', CHAPTER, 'add.test.ts'),
      "import { it } from 'vitest';\nit('passes', () => {});\n",
    );
  const cloneCourse = (): Course => ({ ...course(), root: clone });

  it('should score nothing for an edited test that cannot be restored outside git', async () => {
    editTest();
    const [add] = await gradeKatas({
      course: cloneCourse(),
      learnerKatas: path.join(clone, 'katas'),
      ...options,
      jobs: 1,
    });
    writeFileSync(path.join(clone, 'katas', CHAPTER, 'add.ts'), solution('add.ts'));
    expect([add!.status, add!.points]).toEqual(['not started', 0]);
    const [graded] = await gradeKatas({
      course: cloneCourse(),
      learnerKatas: path.join(clone, 'katas'),
      ...options,
      jobs: 1,
    });
    expect([graded!.status, graded!.points]).toEqual(['error', 0]);
    expect(graded!.guard.join()).toMatch(/not a git repository/);
  });

  it('should restore an edited test from git and grade with it', async () => {
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: clone });
    rmSync(path.join(clone, 'katas', CHAPTER), { recursive: true });
    cpSync(path.join(COURSE_ROOT, 'katas', CHAPTER), path.join(clone, 'katas', CHAPTER), { recursive: true });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'course');
    editTest();
    writeFileSync(
      path.join(clone, 'katas', CHAPTER, 'add.ts'),
      'export const add = (a: number, b: number) => a - b;\n',
    );
    const [add] = await gradeKatas({
      course: cloneCourse(),
      learnerKatas: path.join(clone, 'katas'),
      ...options,
      jobs: 1,
    });
    expect([add!.status, add!.tests.length]).toEqual(['fail', 2]);
    expect(add!.guard.join()).toMatch(/was edited; graded with the pristine copy from git/);
  });
});
