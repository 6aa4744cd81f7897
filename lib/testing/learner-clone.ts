/**
 * A throw-away copy of this repository as a learner has it: pristine stubs, the tests, the tools,
 * `node_modules` linked, optionally a git history. The learner's tools (`kata`, `hint`, `reset`,
 * `grade`, `solve --mine`) are then run for real on a real broken kata, without touching the
 * maintainer's own `katas/`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readGitBlob } from '../git/blob';
import { linkDir } from '../link-dir';
import { kataLabel, kataPath, loadManifest, REPO_ROOT } from '../manifest';

/** Folders the tools read; `lib/` must be a copy, since its modules find the repository root by their own path. */
const COPIED_DIRS = ['katas', 'solutions', 'lib', 'scripts', 'fixtures'];
const COPIED_FILES = ['package.json', 'tsconfig.json', 'vitest.config.ts', '.gitignore'];

export interface LearnerClone {
  root: string;
  /** Writes the learner's version of a kata (`ch1/loss`). */
  write(kata: string, content: string): void;
  /** Runs `npm run <script> -- args` the way npm would (tsx on the script), capturing its output. */
  run(script: string, args: string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string>;
  /** Runs any command in the clone's root, with the same environment. */
  exec(command: string, args: string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string>;
  git(...args: string[]): SpawnSyncReturns<string>;
  dispose(): void;
}

/** Where the learner's tools in a clone remember hints and results: a git-ignored file of its own. */
export const stateFile = (root: string) => path.join(root, 'out', 'kata-state.json');

/** The stub's file for a `ch1/loss` label, relative to the clone's root. */
export function kataFile(label: string): string {
  const manifest = loadManifest();
  for (const chapter of manifest.chapters)
    for (const kata of chapter.katas)
      if (kataLabel(chapter, kata) === label) return path.join('katas', chapter.dir, kata.file);
  throw new Error(`no kata ${label} in the manifest`);
}

export interface CloneOptions {
  /** Commit the copy as a git history (what `reset` reads the pristine stubs from). */
  git?: boolean;
  /** Start from a learner who solved every kata: the reference solutions in place of the stubs. */
  solved?: boolean;
}

export function createLearnerClone(options: CloneOptions = {}): LearnerClone {
  const root = mkdtempSync(path.join(tmpdir(), 'learner-clone-'));
  for (const dir of COPIED_DIRS)
    cpSync(path.join(REPO_ROOT, dir), path.join(root, dir), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}node_modules`),
    });
  for (const file of COPIED_FILES) copyFileSync(path.join(REPO_ROOT, file), path.join(root, file));
  linkDir(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  // The maintainer may have solved katas in their own tree: the clone starts from the shipped stubs.
  for (const chapter of loadManifest().chapters)
    for (const kata of chapter.katas)
      writeFileSync(
        path.join(root, 'katas', chapter.dir, kata.file),
        options.solved ? readFileSync(kataPath(chapter, kata, 'solutions')) : readGitBlob(kata.pristine, REPO_ROOT),
      );
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=learner', '-c', 'user.email=learner@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
    });
  if (options.git) {
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'the course as shipped');
  }
  const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
  const exec = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(command, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', KATA_STATE_FILE: stateFile(root), ...env },
    });
  return {
    root,
    git,
    write: (kata, content) => writeFileSync(path.join(root, kataFile(kata)), content),
    run: (script, args, env) => exec(process.execPath, [tsx, path.join(root, 'scripts', `${script}.ts`), ...args], env),
    exec,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
