/**
 * Reads a pristine file back from git by its blob hash (`git cat-file blob <hash>`): works in any
 * clone, whatever branch or edits the learner has, because the shipped stubs and tests are in the
 * history. Outside a clone, or without git, it says so in one sentence.
 */
import { spawnSync } from 'node:child_process';
import { UserError } from '../errors';

export function readGitBlob(hash: string, cwd: string): Buffer {
  const git = spawnSync('git', ['cat-file', 'blob', hash], { cwd, maxBuffer: 64 * 1024 * 1024 });
  if (git.error) throw new UserError(`Cannot run git (${(git.error as NodeJS.ErrnoException).code ?? git.error.message}); install git to restore pristine files.`);
  const stderr = git.stderr.toString();
  if (/not a git repository/i.test(stderr)) throw new UserError(`${cwd} is not a git repository, so the pristine copy cannot be read back; work in a \`git clone\` of the kata repository.`);
  if (git.status !== 0) throw new UserError(`The pristine copy (git blob ${hash}) is not in this clone's history (${stderr.trim().split('\n')[0]}); run \`git fetch\` or clone the repository again.`);
  return git.stdout;
}
