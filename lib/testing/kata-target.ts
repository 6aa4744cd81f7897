/**
 * The one switch between the learner's katas and the reference solutions.
 *
 * Kata tests live beside the stubs in `katas/` and import them by relative path. When the target is
 * `solutions`, this Vite plugin rewrites every import that resolves to a non-test file under
 * `katas/` to the same path under `solutions/`, so the very same test files grade either tree.
 */
import path from 'node:path';
import type { Plugin } from 'vite';

export type KataTarget = 'katas' | 'solutions';

const TEST_FILE = /\.test\.ts$/;

export function solutionPathFor(resolvedId: string, root: string): string | undefined {
  const katasDir = path.join(root, 'katas') + path.sep;
  if (!resolvedId.startsWith(katasDir) || TEST_FILE.test(resolvedId)) return undefined;
  return path.join(root, 'solutions', resolvedId.slice(katasDir.length));
}

export function kataTargetPlugin(target: KataTarget, root: string): Plugin {
  return {
    name: 'kata-target',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (target === 'katas' || !importer || !source.startsWith('.')) return null;
      // Map the path before resolving it, so a solution is found even where no stub exists yet.
      const redirected = solutionPathFor(path.resolve(path.dirname(importer), source), root);
      return redirected ? this.resolve(redirected, importer, { ...options, skipSelf: true }) : null;
    },
  };
}
