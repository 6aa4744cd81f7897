/**
 * Keeps vitest's module server — which runs outside the sandbox and reads files for the worker —
 * inside the graded kata's workspace: a module is resolved and loaded only from the allowed roots
 * (the workspace, the grader's stage, node_modules), judged by its real path (a symlink counts
 * where it points). A path outside is refused before anything is looked up, so a refusal says
 * nothing about whether the file exists. `import.meta.glob` is refused in graded code: the server
 * would list folders for it.
 */
import { realpathSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const BLOCKED_TAG = '[grade:blocked]';

/** The file behind a module id, or undefined for virtual modules and built-ins. */
export function fileOfId(id: string): string | undefined {
  if (id.startsWith('\0') || id.startsWith('virtual:') || isBuiltin(id)) return undefined;
  const bare = id.replace(/[?#].*$/, '');
  if (bare.startsWith('file:')) return fileURLToPath(bare);
  if (bare.startsWith('/@fs/')) return bare.slice('/@fs'.length);
  return path.isAbsolute(bare) ? bare : undefined;
}

export function confinement(allowedRoots: string[]) {
  const roots = allowedRoots.flatMap((r) => {
    const real = (() => {
      try {
        return realpathSync(r);
      } catch {
        return r;
      }
    })();
    return [...new Set([path.resolve(r), real])].map((p) => p + path.sep);
  });
  const inside = (file: string) => roots.some((root) => `${path.resolve(file)}${path.sep}`.startsWith(root));
  const realInside = (file: string) => {
    try {
      return inside(realpathSync(file));
    } catch {
      return inside(file); // not there: nothing to read, the resolver says so itself
    }
  };
  return { inside, allowed: (file: string) => inside(file) && realInside(file) };
}

/** `root` is vitest's root: a module id that starts with `/` and is not under an allowed root is relative to it. */
export function confinePlugin(root: string, allowedRoots: string[]): Plugin {
  const { inside, allowed } = confinement(allowedRoots);
  const refuse = (what: string): never => {
    throw new Error(
      `${BLOCKED_TAG} ${what} is outside the graded workspace; graded code may import only its own course`,
    );
  };
  return {
    name: 'grade-confine',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !source.startsWith('file:')) refuse(source);
      let request = source;
      const literal = fileOfId(source);
      if (literal && !inside(literal)) {
        // Vite reads `/x` as root-relative first, and as a path on the disk after: only the first is allowed.
        if (!source.startsWith('/') || source.startsWith('/@fs/')) refuse(source);
        request = path.join(root, source);
      } else if (source.startsWith('.') && importer) {
        const from = fileOfId(importer);
        if (from && !inside(path.resolve(path.dirname(from), source))) refuse(source);
      }
      const resolved = await this.resolve(request, importer, { ...options, skipSelf: true });
      const file = resolved ? fileOfId(resolved.id) : undefined;
      if (file && !allowed(file)) refuse(source);
      return resolved;
    },
    load(id) {
      const file = fileOfId(id);
      if (file && !allowed(file)) refuse(id);
      return null;
    },
    transform(code, id) {
      const file = fileOfId(id);
      if (file && !file.includes(`${path.sep}node_modules${path.sep}`) && code.includes('import.meta.glob'))
        throw new Error(`${BLOCKED_TAG} import.meta.glob in ${path.basename(file)}: graded code may not list folders`);
      return null;
    },
  };
}
