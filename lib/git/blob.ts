/**
 * Git blobs without depending on how a clone was made: the hash that tells a pristine stub or test
 * from an edited one, and the pristine copy read back from the history by that hash.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { UserError } from '../errors';

/**
 * Git's blob hash of a file as the repository stores it (`git hash-object` under `.gitattributes`'
 * `* text=auto eol=lf`): text has its CRLF line endings read as LF first, so a clone made with
 * `core.autocrlf=true` (Git for Windows' default) hashes its untouched stubs to the recorded values.
 * Content with a NUL byte is binary, as git judges it, and is hashed as it is.
 */
export function gitBlobHash(content: Buffer): string {
  const stored = content.includes(0) ? content : withLfLineEndings(content);
  return createHash('sha1').update(`blob ${stored.length}\0`).update(stored).digest('hex');
}

function withLfLineEndings(content: Buffer): Buffer {
  return content.includes('\r\n') ? Buffer.from(content.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : content;
}

/**
 * Reads a pristine file back from git by its blob hash (`git cat-file blob <hash>`): works in any
 * clone, whatever branch or edits the learner has, because the shipped stubs and tests are in the
 * history. Outside a clone, or without git, it says so in one sentence.
 */
export function readGitBlob(hash: string, cwd: string): Buffer {
  const git = spawnSync('git', ['cat-file', 'blob', hash], { cwd, maxBuffer: 64 * 1024 * 1024 });
  if (git.error)
    throw new UserError(
      `Cannot run git (${(git.error as NodeJS.ErrnoException).code ?? git.error.message}); install git to restore ` +
        `pristine files.`,
    );
  const stderr = git.stderr.toString();
  if (/not a git repository/i.test(stderr))
    throw new UserError(
      `${cwd} is not a git repository, so the pristine copy cannot be read back; ` +
        'work in a `git clone` of the kata repository.',
    );
  if (git.status !== 0)
    throw new UserError(
      `The pristine copy (git blob ${hash}) is not in this clone's history (${stderr.trim().split('\n')[0]}); run ` +
        `\`git fetch\` or clone the repository again.`,
    );
  return git.stdout;
}
