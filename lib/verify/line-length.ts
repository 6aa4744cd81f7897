/**
 * The line-length limit of the gate. Biome's formatter wraps code at the same width but leaves
 * strings and comments as written, so this checks what it cannot: every line of every source file.
 * A line that holds a URL may run over, since a URL cannot be broken.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../manifest';

/** The same width as biome.json's formatter.lineWidth and .editorconfig's max_line_length. */
export const MAX_LINE_LENGTH = 120;
const SOURCE = /\.(ts|mts|mjs|js|py|sh)$/;
const URL = /\bhttps?:\/\/\S+/;

export interface LongLine {
  file: string;
  line: number;
  length: number;
}

/** Lines over the limit in one file's text; lengths count characters, not bytes. */
export function longLines(file: string, text: string, max = MAX_LINE_LENGTH): LongLine[] {
  return text.split('\n').flatMap((content, i) => {
    const length = [...content.replace(/\r$/, '')].length;
    return length > max && !URL.test(content) ? [{ file, line: i + 1, length }] : [];
  });
}

/** The source files git tracks or would track (untracked but not ignored), relative to root. */
export function sourceFiles(root = REPO_ROOT): string[] {
  const git = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (git.status !== 0) throw new Error(`git ls-files failed in ${root}: ${git.stderr.trim()}`);
  const files = git.stdout.split('\n').filter((f) => SOURCE.test(f) || f === '.ci/run');
  return [...new Set(files)].sort();
}

/** One long line as both `npm run lint` and verify print it. */
export const describeLongLine = (l: LongLine) =>
  `${l.file}:${l.line}: ${l.length} characters (limit ${MAX_LINE_LENGTH})`;

export function longLinesIn(root = REPO_ROOT): LongLine[] {
  return sourceFiles(root).flatMap((file) => {
    try {
      return longLines(file, readFileSync(path.join(root, file), 'utf8'));
    } catch {
      return []; // listed by git but deleted in the working tree
    }
  });
}
