import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, type Manifest, REPO_ROOT } from '../manifest';
import { gradeKatas } from './grade-katas';
import type { Course } from './session';
import { type ClassResult, classResult, courseFingerprint, mergeJson } from './merge';
import { sandboxSupport } from './sandbox/bubblewrap';
import { gradeSubmissions } from './submissions';

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
  // Honest hand-ins only: where no sandbox can be had (macOS, Windows) they are graded without one.
  sandbox: sandboxSupport().available,
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

  it.runIf(process.platform === 'linux')(
    'should refuse to grade hand-ins, in one sentence naming the fix, unless --no-sandbox is given',
    () => {
      const submissions = mkdtempSync(path.join(tmpdir(), 'refuse-'));
      try {
        const grade = spawnSync(
          process.execPath,
          [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/grade.ts', '--submissions', submissions],
          { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: '/nonexistent', HOME: tmpdir() } },
        );
        expect(grade.status).toBe(1);
        expect(grade.stderr.trim()).toMatch(
          new RegExp(
            '^Hand-ins cannot be graded safely here: bubblewrap \\(bwrap\\) is not installed; ' +
              'install it \\(sudo apt-get install bubblewrap\\), or pass --no-sandbox to grade unsandboxed\\.$',
          ),
        );
      } finally {
        rmSync(submissions, { recursive: true, force: true });
      }
    },
  );
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

describe('a class graded in shards, with hidden tests', () => {
  const HIDDEN = path.join(REPO_ROOT, 'fixtures/grade/hidden');
  /** Right for the three inputs the learner's tests show, wrong elsewhere. */
  const HARD_CODED = 'export const twice = (x: number): number => ({ 21: 42, 0: 0, [-4]: -8 })[x] ?? x;\n';
  let dir: string;
  let out: string;
  let merged: ClassResult;
  const handedOn: [string, number][] = [];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shards-'));
    out = mkdtempSync(path.join(tmpdir(), 'shards-out-'));
    const learners: Record<string, Record<string, string>> = {
      amy: { 'twice.ts': solution('twice.ts') },
      bob: { 'twice.ts': HARD_CODED },
      cid: { 'add.ts': 'export const add = (a: number, b: number): number => a - b;\n' },
    };
    for (const [learner, files] of Object.entries(learners)) {
      const folder = path.join(dir, learner, CHAPTER);
      cpSync(path.join(COURSE_ROOT, 'katas', CHAPTER), folder, { recursive: true });
      for (const [file, content] of Object.entries(files)) writeFileSync(path.join(folder, file), content);
    }
    const files = [];
    for (const index of [1, 2]) {
      const shard = { index, count: 2 };
      const run = await gradeSubmissions(
        dir,
        { course: course(), ...options, extraTests: HIDDEN },
        { shard, onLearner: (r) => handedOn.push([r.learner, r.grades.filter(Boolean).length]) },
      );
      const result = classResult(run.results, {
        course: courseFingerprint(course().manifest),
        hiddenTests: 'h',
        shard,
        sandboxed: true,
      });
      files.push(path.join(out, `shard-${index}.json`));
      writeFileSync(files.at(-1)!, JSON.stringify(result));
    }
    merged = mergeJson(files, course().manifest);
  }, 300_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('should grade each learner in exactly one shard, and merge them into the whole class', () => {
    expect(merged.learners.map((l) => [l.learner, l.summary.points])).toEqual([
      ['amy', 2],
      ['bob', 1.5],
      ['cid', 0],
    ]);
  });

  it('should hand each learner’s row on (to the CSV) once all its katas are graded, in order', () => {
    expect(handedOn).toEqual([
      ['amy', 3],
      ['cid', 3],
      ['bob', 3],
    ]);
  });

  it('should count the hidden tests toward the points, and never put them in a learner’s folder', () => {
    const twice = merged.learners.find((l) => l.learner === 'bob')!.katas.find((k) => k.kata === 'twice')!;
    expect(twice.tests.map((t) => [t.name, t.status])).toEqual([
      ['ch0 twice should double a number', 'pass'],
      ['ch0 twice should keep zero', 'pass'],
      ['ch0 twice should double a negative number', 'pass'],
      ['ch0 twice, hidden should double a large number', 'fail'],
    ]);
    expect(readdirSync(path.join(dir, 'bob', CHAPTER)).filter((f) => f.includes('hidden'))).toEqual([]);
  });

  it('should merge the shards from the command line into one CSV', () => {
    const csv = path.join(out, 'merged.csv');
    const real = loadManifest();
    const shard = (index: number, learner: string) => {
      const file = path.join(out, `cli-${index}.json`);
      const meta = {
        course: courseFingerprint(real),
        hiddenTests: 'none',
        shard: { index, count: 2 },
        sandboxed: true,
      };
      writeFileSync(file, JSON.stringify(classResult([{ learner, grades: [] }], meta)));
      return file;
    };
    const merge = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'scripts/grade.ts',
        '--merge',
        shard(2, 'zed'),
        shard(1, 'ann'),
        '--csv',
        csv,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(merge.status, merge.stderr).toBe(0);
    expect(
      readFileSync(csv, 'utf8')
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(',')[0]),
    ).toEqual(['ann', 'zed']);
  });
});
