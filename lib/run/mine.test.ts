/** `npm run solve -- <chapter> --mine`, run for real on a learner's copy of the course. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitBlob } from '../git/blob';
import { loadManifest, REPO_ROOT } from '../manifest';
import { createLearnerClone, type LearnerClone } from '../testing/learner-clone';
import type { ChapterResult } from './types';

/** A short chapter 1 run: a few seconds, enough for a logged loss. */
const STEPS = '300';
const COMMAND_TIMEOUT_MS = 120_000;
/**
 * Adam's steps do not change when the loss is doubled (they divide the gradient by its own size), so
 * doubling the learner's loss doubles the logged loss and nothing else, up to ε = 1e-8 against √v.
 */
const DOUBLED_REL_TOL = 1e-5;

const UNFINISHED_CH2_LOSS =
  'Finish ch2/loss first (npm run kata): solve --mine runs your katas/ch2-logistic-regression/loss.ts ' +
  'in place of the reference.';

const manifest = loadManifest();
const ch2Loss = manifest.chapters[1]!.katas.find((k) => k.name === 'loss')!;

describe('solve --mine', () => {
  let clone: LearnerClone;
  beforeAll(() => {
    clone = createLearnerClone({ solved: true });
  });
  afterAll(() => clone.dispose());
  const solve = (...args: string[]) => clone.run('solve', args);
  const result = (file: string) => JSON.parse(readFileSync(path.join(clone.root, file), 'utf8')) as ChapterResult;

  it(
    'should run the learner’s own katas at the book’s scale, in place of the reference',
    () => {
      const loss = path.join(clone.root, 'katas/ch1-temperatures/loss.ts');
      writeFileSync(
        loss,
        readFileSync(loss, 'utf8').replace('tf.sum(', 'tf.mul(2, tf.sum(').replace('));\n}', ')));\n}'),
      );
      const mine = solve('ch1', '--mine', '--steps', STEPS, '--json', 'out/mine.json');
      expect(mine.stdout).toContain('Your katas in place of the reference solutions: katas/ch1-temperatures/');
      expect(mine.stdout).toMatch(/ch1 \(your katas\) PASSED its bands on cpu/);
      expect(mine.stdout).toContain('figure: out/mine/ch1-fit.png');
      solve('ch1', '--steps', STEPS, '--json', 'out/reference.json');
      const [ours, reference] = [result('out/mine.json'), result('out/reference.json')];
      expect([ours.katas, reference.katas]).toEqual(['mine', 'reference']);
      const ratio = ours.runs[0]!.final.loss / reference.runs[0]!.final.loss;
      expect(Math.abs(ratio - 2), 'the learner’s doubled loss shows in the run').toBeLessThan(DOUBLED_REL_TOL);
    },
    COMMAND_TIMEOUT_MS,
  );

  it(
    'should name the unfinished kata in one sentence, also one the run reaches in another chapter',
    () => {
      writeFileSync(
        path.join(clone.root, 'katas/ch2-logistic-regression/loss.ts'),
        readGitBlob(ch2Loss.pristine, REPO_ROOT),
      );
      const ch3 = solve('ch3', '--mine', '--steps', '5');
      expect([ch3.status, ch3.stderr.trim()]).toEqual([1, UNFINISHED_CH2_LOSS]);
      const ch2 = solve('ch2', '--mine');
      expect([ch2.status, ch2.stderr.trim()]).toEqual([1, UNFINISHED_CH2_LOSS]);
    },
    COMMAND_TIMEOUT_MS,
  );
});

describe('a learner’s own script outside the repository', () => {
  it(
    'should import the katas and the book runs without ERR_REQUIRE_ASYNC_MODULE (no top-level await on the way)',
    () => {
      const clone = createLearnerClone({ solved: true });
      try {
        const dir = mkdtempSync(path.join(tmpdir(), 'my-script-'));
        const script = path.join(dir, 'check.ts');
        writeFileSync(
          script,
          [
            `import { bookRuns } from '${clone.root}/lib/run/book-runs';`,
            `import { loadManifest } from '${clone.root}/lib/manifest';`,
            `import { chooseBackend } from '${clone.root}/lib/backend';`,
            `import { squaredErrorLoss } from '${clone.root}/katas/ch1-temperatures/loss';`,
            'async function main() {',
            '  const run = await bookRuns(loadManifest()).ch2!();',
            "  const backend = await chooseBackend('cpu', run.jobSize);",
            `  const result = await run.run({ steps: 20, outDir: '${dir}', backend, print: () => {} });`,
            '  console.log(typeof squaredErrorLoss, result.chapter);',
            '}',
            'main();',
          ].join('\n'),
        );
        const run = clone.exec(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), script]);
        expect(run.stderr).not.toContain('ERR_REQUIRE_ASYNC_MODULE');
        expect([run.status, run.stdout.trim().split('\n').at(-1)]).toEqual([0, 'function ch2']);
      } finally {
        clone.dispose();
      }
    },
    COMMAND_TIMEOUT_MS,
  );
});
