/**
 * The grader against a class of hostile hand-ins (fixtures/grade/hostile: each file a real attack)
 * graded beside honest ones — correct, wrong, slow, one that hangs in one test — and odd entries:
 * no wrong answer gains points, no file outside a kata's sandbox changes, nothing is left running,
 * every entry gets a row, and honest work is graded as it always was.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Manifest, REPO_ROOT } from '../manifest';
import type { KataGrade } from './outcome';
import { sandboxSupport } from './sandbox/bubblewrap';
import { type ClassRun, gradeSubmissions, submissionsCsv } from './submissions';

const REAL_COURSE = path.join(REPO_ROOT, 'fixtures/grade/course');
const HOSTILE = path.join(REPO_ROOT, 'fixtures/grade/hostile');
const CHAPTER = 'ch0-tiny';
/** Room for a loaded 2-core machine to start vitest and tfjs several times; short enough to keep the suite quick. */
const TIMEOUT_SECONDS = 40;
/** Far above what any honest fixture test takes (milliseconds), so only a hang reaches it. */
const TEST_TIMEOUT_SECONDS = 6;
/** Room for vitest's two processes and TensorFlow.js; far below the 2.5 GB the attacks allocate. */
const MAX_MEMORY_MB = 1024;
const MAX_PROCESSES = 64;
/** The harm-grades-csv helper rewrites grades.csv 2 s after it starts; wait past that before looking. */
const HELPER_DELAY_MS = 3000;
const MARKER = `kata-grade-hostile-${process.pid}`;
const TMPDIR = process.env.TMPDIR;
/**
 * These hand-ins really attack: without the sandbox they would rewrite the repository. Where none can
 * be had (macOS, Windows, no bubblewrap) they are skipped — except in CI, which must have one.
 */
const SANDBOXED = sandboxSupport().available || Boolean(process.env.CI);

const manifest = JSON.parse(readFileSync(path.join(REAL_COURSE, 'katas/manifest.json'), 'utf8')) as Manifest;
const solution = (file: string) => readFileSync(path.join(REAL_COURSE, 'solutions', CHAPTER, file), 'utf8');

/**
 * Everything the attacks aim at lies in one temporary folder: a decoy instructor's repository (copies of
 * lib/ and fixtures/, a node_modules of links with its own copy of fast-check) and course, the submissions,
 * grades.csv, and the grader's own temporary files. Each fixture writes, deletes and kills only inside it,
 * by real path: were the sandbox ever to fail, the attacks could still harm nothing else.
 */
let root: string;
let repo: string;
let courseRoot: string;

function decoyRepository(at: string): void {
  for (const dir of ['lib', 'fixtures'])
    cpSync(path.join(REPO_ROOT, dir), path.join(at, dir), {
      recursive: true,
      filter: (src) => !src.startsWith(path.join(REPO_ROOT, 'fixtures', 'grade')),
    });
  for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(REPO_ROOT, file), path.join(at, file));
  const real = path.join(REPO_ROOT, 'node_modules');
  const linkAll = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const source = path.join(from, entry.name);
      if (entry.name === 'fast-check') cpSync(source, path.join(to, entry.name), { recursive: true });
      else if (entry.name.startsWith('@') && entry.isDirectory()) linkAll(source, path.join(to, entry.name));
      else symlinkSync(source, path.join(to, entry.name));
    }
  };
  linkAll(real, path.join(at, 'node_modules'));
}

interface Attack {
  fixture: string;
  status: KataGrade['status'] | 'fail or error';
  /** What the grader says (feedback, problems, first message). */
  says?: RegExp;
}

/** The attack table: each hostile hand-in and what the grader makes of it. */
const ATTACKS: Attack[] = [
  { fixture: 'add.read-answer-import.ts', status: 'error', says: /does not load: .*\[grade:blocked\]/ },
  { fixture: 'add.read-answer-require.ts', status: 'fail' },
  { fixture: 'add.read-answer-eval.ts', status: 'fail' },
  { fixture: 'add.read-answer-raw.ts', status: 'error', says: /\[grade:blocked\]/ },
  { fixture: 'add.read-answer-glob.ts', status: 'error', says: /import\.meta\.glob/ },
  { fixture: 'add.read-answer-proc.ts', status: 'fail' },
  { fixture: 'add.read-classmate.ts', status: 'fail' },
  { fixture: 'add.forge-fc-config.ts', status: 'error', says: /fast-check's global configuration was changed/ },
  { fixture: 'add.forge-matchers.ts', status: 'error', says: /loading the kata replaced .*chai\.Assertion\.prototype/ },
  { fixture: 'add.forge-object-is.ts', status: 'error', says: /loading the kata replaced Object\.is/ },
  {
    fixture: 'add.forge-many-tests.ts',
    status: 'error',
    says: /not the pristine file's \(extra 'should also hold/,
  },
  { fixture: 'add.forge-after-each.ts', status: 'error', says: /hooks differ .*afterEach \+1 on the file/ },
  { fixture: 'add.forge-test-callbacks.ts', status: 'error', says: /registered onTestFinished\/onTestFailed/ },
  { fixture: 'add.forge-test-functions.ts', status: 'fail' },
  { fixture: 'add.forge-report.ts', status: 'error', says: /test worker was killed by/ },
  { fixture: 'add.forge-module-mock.ts', status: 'error', says: /code in the kata registered module mocks/ },
  { fixture: 'add.forge-exit.ts', status: 'error', says: /process\.exit unexpectedly called/ },
  { fixture: 'scale.forge-memory.ts', status: 'error', says: /loading the kata replaced tf\.engine\(\)\.memory/ },
  { fixture: 'add.harm-setup.ts', status: 'fail' },
  { fixture: 'add.harm-tests.ts', status: 'fail' },
  { fixture: 'add.harm-node-modules.ts', status: 'fail' },
  { fixture: 'add.harm-classmates.ts', status: 'fail' },
  { fixture: 'add.harm-grades-csv.ts', status: 'fail' },
  { fixture: 'add.escape-detached.ts', status: 'fail' },
  { fixture: 'add.escape-stdout.ts', status: 'fail' },
  { fixture: 'add.escape-typed-arrays.ts', status: 'error', says: /ran out of memory \(cap 1024 MB/ },
  { fixture: 'add.escape-wasm-memory.ts', status: 'error', says: /ran out of memory \(cap 1024 MB/ },
  { fixture: 'add.escape-fork-bomb.ts', status: 'fail or error' },
];
const learnerOf = (attack: Attack) => attack.fixture.replace(/\.ts$/, '');
const kataOf = (attack: Attack) => attack.fixture.split('.')[0]!;

let dir: string;
let csvFile: string;
let run: ClassRun;
let before: Map<string, string>;
const gradeOf = (learner: string, kata: string): KataGrade => {
  const found = run.results.find((r) => r.learner === learner);
  if (!found) throw new Error(`no row for ${learner}`);
  return found.grades.find((g) => g.kata === kata)!;
};

/** Files a hand-in must not be able to change: the instructor's tooling, tests, node_modules and every hand-in. */
function guardedFiles(): string[] {
  const walk = (root: string): string[] =>
    readdirSync(root, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(root, e.name);
      return e.isDirectory() ? walk(full) : e.isFile() ? [full] : [];
    });
  return [REPO_ROOT, repo]
    .flatMap((at) => [
      path.join(at, 'lib/testing/setup.ts'),
      path.join(at, 'node_modules/fast-check/package.json'),
      path.join(at, 'node_modules/fast-check/lib/fast-check.js'),
    ])
    .concat(walk(REAL_COURSE), walk(courseRoot), walk(dir));
}
const hashes = () =>
  new Map(guardedFiles().map((f) => [f, createHash('sha1').update(readFileSync(f)).digest('hex')] as const));

/** A learner's folder: the stubs and tests as handed out, then their own files. */
function handIn(name: string, files: Record<string, string | Buffer>) {
  const folder = path.join(dir, name, CHAPTER);
  mkdirSync(folder, { recursive: true });
  cpSync(path.join(REAL_COURSE, 'katas', CHAPTER), folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(folder, file), content);
  return folder;
}

function hostile(fixture: string): string {
  const text = readFileSync(path.join(HOSTILE, fixture), 'utf8');
  return text
    .replaceAll('__TEST_ROOT__', root)
    .replaceAll('__REPO_ROOT__', repo)
    .replaceAll('__COURSE__', courseRoot)
    .replaceAll('__SUBMISSIONS__', dir)
    .replaceAll('__VICTIM__', path.join(dir, 'correct'))
    .replaceAll('__GRADES_CSV__', csvFile)
    .replaceAll('__MARKER__', MARKER);
}

function leftRunning(): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes(MARKER) ? [`${pid}: ${cmdline.replaceAll('\0', ' ')}`] : [];
      } catch {
        return [];
      }
    });
}

beforeAll(async () => {
  if (!SANDBOXED) return;
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'hostile-')));
  repo = path.join(root, 'repo');
  decoyRepository(repo);
  courseRoot = path.join(root, 'course');
  cpSync(REAL_COURSE, courseRoot, { recursive: true });
  dir = path.join(root, 'submissions');
  mkdirSync(dir);
  csvFile = path.join(root, 'grades.csv');
  // The grader's stage, workspaces and report files go into the test root too.
  mkdirSync(path.join(root, 'tmp'));
  process.env.TMPDIR = path.join(root, 'tmp');
  const slowAdd =
    'export function add(a: number, b: number): number {\n' +
    '  const until = Date.now() + 5;\n  while (Date.now() < until);\n  return a + b;\n}\n';
  handIn('correct', {
    'add.ts': solution('add.ts'),
    'twice.ts': solution('twice.ts'),
    'scale.ts': solution('scale.ts'),
  });
  handIn('wrong', {
    'add.ts': 'export const add = (a: number, b: number): number => a - b;\n',
    'twice.ts': 'export const twice = (x: number): number => x * 3;\n',
    'scale.ts':
      "import * as tf from '@tensorflow/tfjs';\n" +
      'export const scale = (x: tf.Tensor1D, k: number) => x.mul(tf.scalar(k)) as tf.Tensor1D;\n',
  });
  handIn('slow', { 'add.ts': slowAdd });
  handIn('hangs-in-one-test', {
    'twice.ts':
      "import { add } from './add';\n" +
      'export function twice(x: number): number {\n  while (x === 0);\n  return add(x, x);\n}\n',
  });
  handIn('syntax-error', { 'twice.ts': 'export function twice(x: number): number {\n  return x * 2;\n' });
  handIn('infinite-loop', { 'add.ts': 'export function add(a: number, b: number): number {\n  for (;;) a += 0;\n}\n' });
  handIn('heap-blow-up', {
    'add.ts':
      'export function add(a: number, b: number): number {\n' +
      '  const keep: number[][] = [];\n  for (;;) keep.push(new Array(1e6).fill(a + b));\n}\n',
  });
  handIn('edited-test', {
    'add.ts': 'export const add = (a: number, b: number): number => 0 * (a + b);\n',
    'add.test.ts': "import { expect, it } from 'vitest';\nit('passes', () => expect(true).toBe(true));\n",
  });
  for (const attack of ATTACKS) handIn(learnerOf(attack), { [`${kataOf(attack)}.ts`]: hostile(attack.fixture) });
  // Intake: what a submissions folder holds besides honest folders.
  const replaced = (learner: string, make: (file: string) => void) => {
    const file = path.join(handIn(learner, {}), 'add.ts');
    rmSync(file);
    make(file);
  };
  replaced('read-answer-symlink', (f) => symlinkSync(path.join(courseRoot, 'solutions', CHAPTER, 'add.ts'), f));
  replaced('folder-named-add-ts', (f) => mkdirSync(f));
  replaced('fifo-add-ts', (f) => spawnSync('mkfifo', [f]));
  replaced('dev-zero-add-ts', (f) => symlinkSync('/dev/zero', f));
  handIn('too-big', { 'add.ts': `${solution('add.ts')}${'//'.padEnd(2 * 1024 * 1024, '.')}\n` });
  mkdirSync(path.join(dir, 'katas-is-a-link'));
  symlinkSync(path.join(dir, 'correct'), path.join(dir, 'katas-is-a-link', 'katas'));
  symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'broken-link'));
  writeFileSync(path.join(dir, 'notes.txt'), 'not a hand-in');
  writeFileSync(path.join(dir, 'carol.zip'), 'PK');
  mkdirSync(path.join(dir, '.git'));
  handIn('.hidden-learner', {});
  handIn('=1+1', {});
  before = hashes();
  run = await gradeSubmissions(dir, {
    course: { root: courseRoot, manifest },
    toolingRoot: repo,
    sandbox: true,
    timeoutSeconds: TIMEOUT_SECONDS,
    testTimeoutSeconds: TEST_TIMEOUT_SECONDS,
    maxMemoryMb: MAX_MEMORY_MB,
    maxProcesses: MAX_PROCESSES,
    jobs: 2,
  });
  writeFileSync(csvFile, submissionsCsv(run.results, manifest));
  if (process.env.HOSTILE_TIMES)
    for (const r of run.results) for (const g of r.grades) if (g.seconds) console.log(r.learner, g.kata, g.seconds);
  await new Promise((done) => setTimeout(done, HELPER_DELAY_MS));
}, 600_000);
afterAll(() => {
  process.env.TMPDIR = TMPDIR;
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.runIf(SANDBOXED)('grading hostile hand-ins beside honest ones', () => {
  it.each(ATTACKS)('should give $fixture no points ($status)', (attack) => {
    const grade = gradeOf(learnerOf(attack), kataOf(attack));
    expect(grade.points, grade.feedback).toBe(0);
    if (attack.status === 'fail or error') expect(['fail', 'error']).toContain(grade.status);
    else expect(grade.status, grade.feedback).toBe(attack.status);
    if (attack.says) expect(`${grade.feedback} ${grade.problems.join(' ')}`).toMatch(attack.says);
  });

  it('should find every fixture that writes, deletes or kills guarded to the test root, line by line', () => {
    const harmful = /\b(writeFileSync|appendFileSync|rmSync|unlinkSync|renameSync|process\.kill)\(/;
    const fixtures = readdirSync(HOSTILE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const fixture of fixtures)
      for (const line of readFileSync(path.join(HOSTILE, fixture), 'utf8').split('\n'))
        if (harmful.test(line) && !line.includes('import '))
          expect(line, fixture).toMatch(/withinTestRoot\(|startsWith\('__TEST_ROOT__\/'\)/i);
  });

  it('should give every hostile learner no points at all', () => {
    for (const attack of ATTACKS)
      expect(run.results.find((r) => r.learner === learnerOf(attack))!.grades.every((g) => g.points === 0)).toBe(true);
  });

  it('should change no file outside the sandboxes: tooling, tests, node_modules, hand-ins, grades.csv', () => {
    expect(hashes()).toEqual(before);
    for (const at of [REPO_ROOT, repo])
      expect(existsSync(path.join(at, 'node_modules/fast-check/HANDIN-WAS-HERE'))).toBe(false);
    expect(readFileSync(csvFile, 'utf8')).toBe(submissionsCsv(run.results, manifest));
  });

  it('should leave nothing running, and no cgroup behind', () => {
    expect(leftRunning()).toEqual([]);
    const own = readFileSync('/proc/self/cgroup', 'utf8').match(/:memory:(.*)/)?.[1];
    const parent = own && path.join('/sys/fs/cgroup/memory', own);
    if (parent && existsSync(parent))
      expect(readdirSync(parent).filter((n) => n.startsWith(`kata-grade-${process.pid}-`))).toEqual([]);
  });

  it('should not be held up by a process that keeps the test runner’s output open', () => {
    expect(gradeOf('add.escape-stdout', 'add').seconds).toBeLessThan(TIMEOUT_SECONDS);
  });

  it('should give every entry of the folder a row, odd ones with the reason', () => {
    expect(run.results.map((r) => r.learner)).toEqual(readdirSync(dir).sort());
    const reason = (learner: string) => run.results.find((r) => r.learner === learner)!.refused;
    expect(reason('broken-link')).toMatch(/symbolic link/);
    expect(reason('notes.txt')).toMatch(/a file, not a learner's folder/);
    expect(reason('carol.zip')).toMatch(/archive: unpack it/);
    expect(reason('.git')).toMatch(/metadata/);
    expect(reason('katas-is-a-link')).toMatch(/katas is a symbolic link/);
    expect(gradeOf('.hidden-learner', 'add').status).toBe('not started');
  });

  it('should refuse kata files that are not regular files under the size cap, without blocking', () => {
    expect(gradeOf('read-answer-symlink', 'add').feedback).toMatch(/add\.ts is a symbolic link, not a file/);
    expect(gradeOf('folder-named-add-ts', 'add').feedback).toMatch(/add\.ts is a folder, not a file/);
    expect(gradeOf('fifo-add-ts', 'add').feedback).toMatch(/add\.ts is a FIFO/);
    expect(gradeOf('dev-zero-add-ts', 'add').feedback).toMatch(/add\.ts is a symbolic link/);
    expect(gradeOf('too-big', 'add').feedback).toMatch(/add\.ts is larger than 1024 KB/);
    for (const learner of ['read-answer-symlink', 'folder-named-add-ts', 'fifo-add-ts', 'dev-zero-add-ts', 'too-big'])
      expect(gradeOf(learner, 'add').points).toBe(0);
  });

  it('should neutralise CSV cells a spreadsheet would run as formulas', () => {
    const row = submissionsCsv(run.results, manifest)
      .split('\n')
      .find((l) => l.includes('=1+1'))!;
    expect(row.startsWith("'=1+1,")).toBe(true);
  });
});

describe.runIf(SANDBOXED)('grading honest work as before', () => {
  it('should give a correct hand-in every point, in the sandbox', () => {
    const grades = run.results.find((r) => r.learner === 'correct')!.grades;
    expect(grades.map((g) => [g.kata, g.status, g.points, g.sandboxed])).toEqual([
      ['add', 'pass', 1, true],
      ['twice', 'pass', 2, true],
      ['scale', 'pass', 2, true],
    ]);
  });

  it('should fail a wrong hand-in with what the assertion said', () => {
    const grades = run.results.find((r) => r.learner === 'wrong')!.grades;
    expect(grades.map((g) => [g.status, g.points])).toEqual([
      ['fail', 0],
      ['fail', 0.67], // x * 3 is right for 0: one test in three
      ['fail', 1], // a leak fails the leak test only
    ]);
    expect(grades[0]!.feedback).toMatch(/expected -1 to be 5/);
    expect(grades[2]!.tests[1]!.message).toMatch(/tensors leaked/);
  });

  it('should pass a slow but correct hand-in', () => {
    expect([gradeOf('slow', 'add').status, gradeOf('slow', 'add').points]).toEqual(['pass', 1]);
  });

  it('should cost a test that hangs only that test', () => {
    const twice = gradeOf('hangs-in-one-test', 'twice');
    expect(twice.tests.map((t) => t.status)).toEqual(['pass', 'error', 'pass']);
    expect(twice.tests[1]!.message).toMatch(`timed out after ${TEST_TIMEOUT_SECONDS} s (the per-test limit)`);
    expect(twice.points).toBeCloseTo(1.33, 2);
  });

  it('should cost a syntax error only its own kata, as an error that says it does not load', () => {
    const twice = gradeOf('syntax-error', 'twice');
    expect([twice.status, twice.points]).toEqual(['error', 0]);
    expect(twice.tests[0]!.message).toMatch(/does not load/);
  });

  it('should stop a loop in every test at the kata’s timeout', () => {
    const add = gradeOf('infinite-loop', 'add');
    expect([add.status, add.points]).toEqual(['error', 0]);
    expect(add.tests.every((t) => /timed out after/.test(t.message))).toBe(true);
  });

  it('should stop a runaway heap at the memory cap', () => {
    const add = gradeOf('heap-blow-up', 'add');
    expect([add.status, add.points]).toEqual(['error', 0]);
    expect(add.feedback).toMatch(/memory/i);
  });

  it('should grade an edited test with the pristine one, and flag the edit', () => {
    const add = gradeOf('edited-test', 'add');
    expect([add.status, add.points]).toEqual(['fail', 0]);
    expect(add.guard.join()).toMatch(/add.test.ts was edited; ignored/);
  });

  it('should call an untouched stub not started without running it', () => {
    const twice = gradeOf('edited-test', 'twice');
    expect([twice.status, twice.seconds]).toEqual(['not started', 0]);
  });

  it('should write one CSV row per learner with each kata’s points and the flags', () => {
    const lines = submissionsCsv(run.results, manifest).trim().split('\n');
    expect(lines[0]).toBe('learner,points,max_points,ch0/add,ch0/twice,ch0/scale,flags');
    expect(
      lines
        .find((l) => l.startsWith('correct,'))!
        .split(',')
        .slice(0, 6)
        .join(','),
    ).toBe('correct,5,5,1,2,2');
    expect(lines.find((l) => l.startsWith('edited-test,'))).toMatch(/add.test.ts was edited/);
  });

  it('should keep the hand-in folders as they were handed in', () => {
    expect(statSync(path.join(dir, 'correct', CHAPTER, 'twice.ts')).isFile()).toBe(true);
  });
});
