/**
 * Reading what learners hand in without trusting it: every path is looked at with lstat, one part at
 * a time, and only a regular file under the size cap is read — opened without following links and
 * without blocking, then checked again through the open file, so that nothing can be swapped in
 * between. A folder, a symlink, a FIFO, a socket or a device gets a reason instead of being read,
 * and every entry of a submissions folder gets a row of its own.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, type Stats } from 'node:fs';
import path from 'node:path';

/** A kata file is a few kilobytes; a megabyte is far past any honest one, and cheap to read. */
export const MAX_HANDIN_FILE_BYTES = 1024 * 1024;

export type Intake = { kind: 'file'; content: Buffer } | { kind: 'missing' } | { kind: 'refused'; reason: string };

function what(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return stats.isFile() ? 'a file' : 'something that is not a file';
}

const lstatOrUndefined = (file: string) => {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw error;
  }
};

/** Reads `parts` below `base` (which the caller has checked), refusing anything but plain folders and a plain file. */
export function readHandIn(base: string, parts: string[], maxBytes = MAX_HANDIN_FILE_BYTES): Intake {
  let at = base;
  for (const [i, part] of parts.entries()) {
    at = path.join(at, part);
    const shown = parts.slice(0, i + 1).join('/');
    const stats = lstatOrUndefined(at);
    if (!stats) return { kind: 'missing' };
    const last = i === parts.length - 1;
    if (!last && !stats.isDirectory()) return { kind: 'refused', reason: `${shown} is ${what(stats)}, not a folder` };
    if (last && !stats.isFile()) return { kind: 'refused', reason: `${shown} is ${what(stats)}, not a file` };
    if (last && stats.size > maxBytes)
      return { kind: 'refused', reason: `${shown} is larger than ${Math.round(maxBytes / 1024)} KB` };
  }
  const shown = parts.join('/');
  const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
  const NONBLOCK = constants.O_NONBLOCK ?? 0;
  let fd: number;
  try {
    fd = openSync(at, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (error) {
    return { kind: 'refused', reason: `${shown} could not be opened (${(error as NodeJS.ErrnoException).code})` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'refused', reason: `${shown} is ${what(stats)}, not a file` };
    // One byte past the cap tells a file that grew since lstat from one that fits.
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes)
      return { kind: 'refused', reason: `${shown} is larger than ${Math.round(maxBytes / 1024)} KB` };
    return { kind: 'file', content: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

export type SubmissionEntry =
  | { name: string; kind: 'learner'; folder: string }
  | { name: string; kind: 'refused'; reason: string };

const ARCHIVE = /\.(zip|tar|tgz|tar\.gz|tar\.bz2|tar\.xz|7z|rar)$/i;
/** Left by version control and file managers, never a hand-in; still listed, with this reason. */
const METADATA = new Set(['.git', '.svn', '.hg', '.DS_Store', '__MACOSX', 'Thumbs.db', 'desktop.ini']);

/** Every entry of a submissions folder, sorted by name: a learner's folder, or the reason it is not graded. */
export function submissionEntries(dir: string): SubmissionEntry[] {
  return readdirSync(dir)
    .sort()
    .map((name): SubmissionEntry => {
      const folder = path.join(dir, name);
      if (METADATA.has(name))
        return { name, kind: 'refused', reason: 'version-control or system metadata, not a hand-in' };
      const stats = lstatOrUndefined(folder);
      if (!stats) return { name, kind: 'refused', reason: 'vanished while the folder was read' };
      if (stats.isDirectory()) return { name, kind: 'learner', folder };
      if (stats.isFile() && ARCHIVE.test(name))
        return { name, kind: 'refused', reason: 'an archive: unpack it into a folder named after the learner' };
      return { name, kind: 'refused', reason: `${what(stats)}, not a learner's folder` };
    });
}

/** A learner's folder is a katas/ copy, or a clone whose katas/ is inside (a real folder, not a link). */
export function katasFolderOf(folder: string): { dir: string } | { reason: string } {
  const inner = path.join(folder, 'katas');
  const stats = lstatOrUndefined(inner);
  if (!stats) return { dir: folder };
  if (stats.isDirectory()) return { dir: inner };
  return { reason: `katas is ${what(stats)}, not a folder` };
}
