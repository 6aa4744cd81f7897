import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Manifest, REPO_ROOT } from '../manifest';
import { type Course, gradeKatas } from './grade-katas';
import { sandboxSupport } from './sandbox/bubblewrap';

const COURSE_ROOT = path.join(REPO_ROOT, 'fixtures/grade/course');
const CHAPTER = 'ch0-tiny';
/** Long enough for a loaded 2-core machine to start vitest and tfjs; short enough to keep the suite quick. */
const TIMEOUT_SECONDS = 12;
/** Room for a worker with TensorFlow.js, far below what a runaway allocation reaches. */
const MAX_MEMORY_MB = 1024;

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

describe('where no sandbox can be had', () => {
  it('should say so for macOS and Windows, naming the fix', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const support = sandboxSupport(platform);
      expect(support.available).toBe(false);
      if (!support.available) expect(support.fix).toMatch(/bubblewrap.*--no-sandbox/);
    }
  });

  it('should refuse to grade hand-ins, in one sentence naming the fix, unless --no-sandbox is given', () => {
    const submissions = mkdtempSync(path.join(tmpdir(), 'refuse-'));
    try {
      const grade = spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/grade.ts', '--submissions', submissions],
        { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: '/nonexistent', HOME: tmpdir() } },
      );
      expect(grade.status).toBe(1);
      expect(grade.stderr.trim()).toMatch(
        /^Hand-ins cannot be graded safely here: bubblewrap \(bwrap\) is not installed; install it \(sudo apt-get install bubblewrap\), or pass --no-sandbox to grade unsandboxed\.$/,
      );
    } finally {
      rmSync(submissions, { recursive: true, force: true });
    }
  });
});

describe('grading without the sandbox', () => {
  it('should grade as the sandbox does, and mark every result unsandboxed', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'own-'));
    try {
      cpSync(path.join(COURSE_ROOT, 'katas'), own, { recursive: true });
      writeFileSync(path.join(own, CHAPTER, 'add.ts'), solution('add.ts'));
      writeFileSync(path.join(own, CHAPTER, 'twice.ts'), 'export const twice = (x: number) => x * 3;\n');
      const grades = await gradeKatas({ course: course(), learnerKatas: own, ...options, sandbox: false });
      expect(grades.map((g) => [g.kata, g.status, g.points, g.sandboxed])).toEqual([
        ['add', 'pass', 1, false],
        ['twice', 'fail', 0.67, false],
        ['scale', 'not started', 0, false],
      ]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
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
    expect([add!.status, add!.tests.length]).toEqual(['fail', 3]);
    expect(add!.guard.join()).toMatch(/was edited; graded with the pristine copy from git/);
  });
});
