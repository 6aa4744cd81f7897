/**
 * The folder's one public entry (./index): what the rest of the repository may import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../manifest';

/** TypeScript files below `dir`, recursively, as paths relative to the repository. */
function typeScriptFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

describe('lib/accel', () => {
  it('should be imported from outside only through its index', () => {
    const inside = path.join('lib', 'accel') + path.sep;
    const offenders = ['lib', 'scripts', 'solutions', 'katas']
      .flatMap(typeScriptFiles)
      .filter((file) => !file.startsWith(inside))
      .flatMap((file) =>
        [...readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/from '([^']*accel\/[^']+)'/g)].map(
          (match) => `${file} imports ${match[1]}`,
        ),
      );
    expect(offenders).toEqual([]);
  });
});
