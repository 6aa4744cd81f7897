/**
 * What every graded kata of one grading session shares, made once: copies of the repository's
 * tooling (lib/, fixtures/ without the grader's own fixtures, package.json, tsconfig.json), and a
 * link to node_modules. Graded code sees these read-only, never the repository itself: no
 * solutions/, no katas/, no git history, no instructor's files to rewrite.
 */
import { copyFileSync, cpSync, lstatSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkDir } from '../link-dir';
import { REPO_ROOT } from '../manifest';

export interface Stage {
  root: string;
  /** The real node_modules folder, whose vitest runs the graded runs. */
  nodeModules: string;
  /**
   * Every node_modules folder graded code may load a package from, bound read-only in the sandbox:
   * this one, and those its linked packages lead to (pnpm and workspace installs link them).
   */
  moduleRoots: string[];
  /** The vitest config of graded runs. */
  config: string;
  /** The pinned test runner. */
  runner: string;
  /** The course's setup files, run before every test file: its own, and fast-check's failures with their cause. */
  setup: string[];
  dispose(): void;
}

/** The grader's own fixtures (hostile hand-ins, a tiny course with its solutions) stay out of graded runs. */
const LEFT_OUT = [path.join('fixtures', 'grade')];
/** Folders copied into the stage (every workspace links them), and files copied into both. */
export const TOOLING = ['lib', 'fixtures'];
export const COPIED = ['package.json', 'tsconfig.json'];

/** The node_modules folder that holds `file`: the nearest ancestor of that name. */
const enclosingNodeModules = (file: string) => {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir))
    if (path.basename(dir) === 'node_modules') return dir;
  return path.dirname(file);
};

/** `nodeModules`, and the node_modules folders its linked packages (`pkg` or `@scope/pkg`) lead to. */
export function moduleRoots(nodeModules: string): string[] {
  const roots = new Set([nodeModules]);
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const entry = path.join(dir, name);
      const stats = lstatSync(entry);
      if (name.startsWith('@') && stats.isDirectory()) visit(entry);
      else if (stats.isSymbolicLink()) {
        try {
          roots.add(enclosingNodeModules(realpathSync(entry)));
        } catch {
          // A dangling link: nothing to load from it.
        }
      }
    }
  };
  visit(nodeModules);
  return [...roots];
}

/** Copies the tooling of the repository at `repoRoot` (this one unless a test asks for a decoy). */
export function createStage(repoRoot = REPO_ROOT): Stage {
  const root = mkdtempSync(path.join(tmpdir(), 'kata-grade-stage-'));
  try {
    for (const dir of TOOLING)
      cpSync(path.join(repoRoot, dir), path.join(root, dir), {
        recursive: true,
        verbatimSymlinks: false,
        dereference: true,
        filter: (src) => !LEFT_OUT.some((out) => src.startsWith(path.join(repoRoot, out))) && !src.endsWith('.test.ts'),
      });
    for (const file of COPIED) copyFileSync(path.join(repoRoot, file), path.join(root, file));
    const nodeModules = realpathSync(path.join(repoRoot, 'node_modules'));
    // Bare imports of the stage's own files (the runner imports vitest) resolve through this link.
    linkDir(nodeModules, path.join(root, 'node_modules'));
    const runnerDir = path.join(root, 'lib', 'grade', 'runner');
    return {
      root,
      nodeModules,
      moduleRoots: moduleRoots(nodeModules),
      config: path.join(runnerDir, 'grade.config.ts'),
      runner: path.join(runnerDir, 'pinned-runner.ts'),
      setup: [path.join(root, 'lib', 'testing', 'setup.ts'), path.join(root, 'lib', 'feedback', 'fast-check-cause.ts')],
      dispose: () => rmSync(root, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
