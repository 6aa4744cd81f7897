/** Reads a learner's files under a root, for the evidence's line of code; a missing file reads as undefined. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceReader } from './evidence';

/** Files above the root (a `../` in a report) are never read. */
export function sourceReaderAt(root: string): SourceReader {
  return (relativePath) => {
    const file = path.resolve(root, relativePath);
    if (!file.startsWith(path.resolve(root) + path.sep)) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}
