/** `npm run reset` and `npm run reset -- --undo`, run for real in a git clone of the course. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLearnerClone, kataFile, type LearnerClone } from '../testing/learner-clone';

const COMMAND_TIMEOUT_MS = 60_000;
const MY_LOSS = [
  "import type * as tf from '@tensorflow/tfjs';",
  '// my attempt',
  'export const squaredErrorLoss = (y: tf.Tensor2D) => y;',
  '',
].join('\n');

describe('reset keeps the learner’s work', () => {
  let clone: LearnerClone;
  const file = kataFile('ch1/loss');
  const read = (f: string) => readFileSync(path.join(clone.root, f), 'utf8');
  beforeAll(() => {
    clone = createLearnerClone({ git: true });
  });
  afterAll(() => clone.dispose());

  it(
    'should keep the replaced file in a git-ignored folder and say where, then put it back with --undo',
    () => {
      const pristine = read(file);
      clone.write('ch1/loss', MY_LOSS);
      const reset = clone.run('reset', ['ch1', 'loss', '--yes']);
      const kept = /yours is kept in (\.kata-backups\/[^ )]+)\)/.exec(reset.stdout)?.[1];
      expect(reset.stdout).toMatch(/^ch1\/loss: restored katas\/ch1-temperatures\/loss\.ts \(yours is kept in /);
      expect(reset.stdout).toContain('npm run reset -- --undo puts your version back');
      expect(read(file)).toBe(pristine);
      expect(read(kept!)).toBe(MY_LOSS);
      expect(clone.git('status', '--porcelain').stdout, 'git sees no backup').toBe('');

      const undo = clone.run('reset', ['--undo']);
      expect(undo.stdout).toMatch(/^ch1\/loss: put back your version from \.kata-backups\//);
      expect(read(file)).toBe(MY_LOSS);
      expect(existsSync(path.join(clone.root, kept!)), 'a backup is put back once').toBe(false);

      const again = clone.run('reset', ['--undo']);
      expect([again.status, again.stderr.trim()]).toEqual([
        1,
        'There is no reset to undo: .kata-backups/ holds no backup.',
      ]);
    },
    COMMAND_TIMEOUT_MS,
  );

  it(
    'should not lose what the learner wrote after a reset when that reset is undone',
    () => {
      clone.write('ch1/loss', MY_LOSS);
      clone.run('reset', ['ch1', 'loss', '--yes']);
      const second = `${MY_LOSS}// written after the reset\n`;
      clone.write('ch1/loss', second);
      const undo = clone.run('reset', ['--undo']);
      const kept = /what was there is kept in (\.kata-backups\/[^ )]+)\)/.exec(undo.stdout)?.[1];
      expect(read(file)).toBe(MY_LOSS);
      expect(read(kept!)).toBe(second);
    },
    COMMAND_TIMEOUT_MS,
  );
});
