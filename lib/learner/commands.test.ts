/**
 * The learner's commands, run for real (`npm run kata`, `hint`, `grade`, `npm test`, plain vitest)
 * in a copy of the repository on real broken katas: the mistakes of fixtures/feedback/mistakes.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMistake, MISTAKES } from '../../fixtures/feedback/mistakes';
import { gitBlobHash } from '../git/blob';
import { kataLabel, loadManifest, REPO_ROOT } from '../manifest';
import { createLearnerClone, kataFile, stateFile, type LearnerClone } from '../testing/learner-clone';

/** A command that runs one kata's tests in a child process: seconds on a quiet machine, more on a busy one. */
const COMMAND_TIMEOUT_MS = 180_000;

const manifest = loadManifest();
const ch1 = manifest.chapters[0]!;
const solution = (label: string) =>
  readFileSync(path.join(REPO_ROOT, kataFile(label).replace(/^katas/, 'solutions')), 'utf8');
const mistake = (label: string, name: string) =>
  applyMistake(MISTAKES.find((m) => m.kata === label && m.name === name)!, solution(label));
const out = (run: { stdout: string; stderr: string }) => `${run.stdout}${run.stderr}`;

describe('kata and hint on a real broken kata', () => {
  let clone: LearnerClone;
  beforeAll(() => {
    clone = createLearnerClone();
    clone.write('ch1/data', solution('ch1/data'));
    clone.write('ch1/model', mistake('ch1/model', 'swapped-product'));
  });
  afterAll(() => clone.dispose());

  it(
    'should show each failure’s evidence and one piece of advice that fits',
    () => {
      const run = clone.run('kata', ['--once']);
      const text = out(run);
      expect(text).toMatch(/ch1\/model \(1 point\) — katas\/ch1-temperatures\/model\.ts: error/);
      expect(text).toContain('the shape of predict(x [N, K], w [K, 1]): expected [ 2, 2 ] to deeply equal [ 1, 1 ]');
      expect(text).toMatch(/input: \[\{"n":1,"k":2,"x":\[0,0\]/);
      expect(text).toContain('at katas/ch1-temperatures/model.ts:11:13: return tf.matMul(w, x);');
      expect(text.match(/^ {2}→ /gm)).toHaveLength(1);
      expect(text).toMatch(/→ A matrix product of \[1, 1\] and \[2, 1\] was asked for/);
      expect(text).not.toMatch(/Property failed after/);
    },
    COMMAND_TIMEOUT_MS,
  );

  it(
    'should give the first failure’s evidence in hint, then one more hint without code',
    () => {
      const text = out(clone.run('hint', ['ch1', 'model']));
      expect(text).toMatch(/ch1\/model: 4 of 4 tests do not pass yet\.\nFirst: ch1 model: predict should return one/);
      expect(text).toContain('What the failures suggest (shape-mismatch): A matrix product of [1, 1] and [2, 1]');
      expect(text).toContain(`Hint 1 of 3: ${ch1.katas[1]!.hints[0]}`);
    },
    COMMAND_TIMEOUT_MS,
  );

  it(
    'should show file:line:column and the offending line of a kata that does not load',
    () => {
      const broken = createLearnerClone();
      try {
        broken.write('ch1/data', mistake('ch1/data', 'syntax-error'));
        const text = out(broken.run('kata', ['--once']));
        expect(text).toContain(
          'does not load: katas/ch1-temperatures/data.ts:27:86: SyntaxError: Expected `,` or `)` but found `;`',
        );
        expect(text).toContain(
          'at katas/ch1-temperatures/data.ts:27:86: ' +
            'const rows = months.map((m) => Array.from({ length: degree + 1 }, (_, n) => m ** n);',
        );
        expect(text).toMatch(/→ Your file does not load \(katas\/ch1-temperatures\/data\.ts:27:86\)/);
      } finally {
        broken.dispose();
      }
    },
    COMMAND_TIMEOUT_MS,
  );
});

describe('a chapter finished', () => {
  let clone: LearnerClone;
  beforeAll(() => {
    clone = createLearnerClone();
    for (const kata of ch1.katas) clone.write(kataLabel(ch1, kata), solution(kataLabel(ch1, kata)));
    // Every ch1 kata but the last already passed in an earlier session (the state remembers it by file hash).
    const results = Object.fromEntries(
      ch1.katas
        .slice(0, -1)
        .map((k) => [
          kataLabel(ch1, k),
          { hash: gitBlobHash(Buffer.from(solution(kataLabel(ch1, k)))), status: 'pass' },
        ]),
    );
    mkdirSync(path.dirname(stateFile(clone.root)), { recursive: true });
    writeFileSync(stateFile(clone.root), JSON.stringify({ hintsShown: {}, results }));
  });
  afterAll(() => clone.dispose());

  it(
    'should say the chapter is complete and point at plot, --solution and solve --mine',
    () => {
      const text = out(clone.run('kata', ['--once']));
      expect(text).toContain('ch1/predict-curve passes — moving on.');
      expect(text).toContain('ch1 complete: all 5 katas pass. Next:');
      expect(text).toMatch(
        /npm run plot -- ch1 .*\n.*npm run kata -- --solution ch1 .*\n.*npm run solve -- ch1 --mine/,
      );
    },
    COMMAND_TIMEOUT_MS,
  );

  it(
    'should show the reference as an aligned diff: one extra line of yours shifts nothing',
    () => {
      clone.write('ch1/model', `// my note\n${solution('ch1/model')}`);
      const run = clone.run('kata', ['--solution', 'ch1', 'model'], { COLUMNS: '100' });
      const lines = run.stdout.split('\n');
      expect(lines.some((l) => /^- \/\/ my note +│$/.test(l))).toBe(true);
      const rows = lines.slice(2, lines.indexOf(''));
      expect(rows.filter((l) => l.startsWith('~ ') || l.startsWith('+ '))).toEqual([]);
      // The same line on both sides of one row, wrapped at the column width (47 of 100) rather than cut.
      const row = rows.findIndex((l) => l.startsWith('  export function predict('));
      expect(rows[row]).toMatch(
        /^ {2}export function predict\(x: tf\.Tensor2D, w: +│ export function predict\(x: tf\.Tensor2D, w:$/,
      );
      expect(rows[row + 1]).toMatch(/^ {2}tf\.Tensor2D\): tf\.Tensor2D \{ +│ tf\.Tensor2D\): tf\.Tensor2D \{$/);
    },
    COMMAND_TIMEOUT_MS,
  );
});

describe('npm test and plain vitest on the learner’s tree', () => {
  let clone: LearnerClone;
  beforeAll(() => {
    clone = createLearnerClone();
    clone.write('ch1/data', solution('ch1/data'));
  });
  afterAll(() => clone.dispose());
  const vitest = (args: string[]) =>
    clone.exec(process.execPath, [path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...args]);

  it(
    'should print one line per kata, the not-started ones included, and no stack trace',
    () => {
      const text = out(vitest(['--project', 'katas', 'katas/ch1-temperatures']));
      expect(text).toMatch(/✓ ch1\/data +\d+ tests pass/);
      for (const kata of ch1.katas.slice(1))
        expect(text).toMatch(new RegExp(`· ${kataLabel(ch1, kata)} +not started: fill in the TODO in katas/`));
      expect(text).toContain('1 of 5 katas pass, 0 fail, 4 not started');
      expect(text).not.toMatch(/\n\s+at /);
      expect(text.split('\n').length).toBeLessThan(40);
    },
    COMMAND_TIMEOUT_MS,
  );

  it(
    'should grade only the learner’s tree when a kata path is given without a project, and say so',
    () => {
      const text = out(vitest(['katas/ch1-temperatures/data.test.ts']));
      expect(text).toContain('Kata tests on your code in katas/');
      expect(text).toMatch(/1 of 1 katas pass/);
      // vitest's own summary would mean the reference tree ran too (the kata reporter steps aside then).
      expect(text).not.toMatch(/Test Files/);
    },
    COMMAND_TIMEOUT_MS,
  );
});

describe('grade on a real broken kata', () => {
  it(
    'should write each failing test’s evidence into the JSON and the feedback',
    () => {
      const clone = createLearnerClone();
      try {
        clone.write('ch1/loss', mistake('ch1/loss', 'mean'));
        const json = path.join(mkdtempSync(path.join(tmpdir(), 'grade-json-')), 'grade.json');
        clone.run('grade', ['--json', json, '--timeout', '120']);
        const report = JSON.parse(readFileSync(json, 'utf8')) as {
          katas: { kata: string; chapter: string; feedback: string; tests: { status: string; evidence?: object }[] }[];
        };
        const loss = report.katas.find((k) => k.chapter === 'ch1' && k.kata === 'loss')!;
        const failing = loss.tests.filter((t) => t.status !== 'pass');
        expect(failing[0]!.evidence).toMatchObject({
          errorClass: 'AssertionError',
          message: expect.stringMatching(/^element 0: got 0\.0000100\d*, the plain-JS reference says 0\.0000200/),
          counterexample: expect.stringMatching(/^\[\[\[/),
        });
        expect(loss.feedback).toMatch(/input: \[\[\[.*Your value is 1\/2 of the reference/);
      } finally {
        clone.dispose();
      }
    },
    COMMAND_TIMEOUT_MS,
  );
});
