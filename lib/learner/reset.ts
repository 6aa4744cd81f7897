/**
 * Restores a kata's pristine stub from git (by the blob hash in the manifest), after the learner
 * confirms; forgets its remembered result and hints. The learner's version is never lost: each
 * reset first copies the files it replaces into a folder of its own under `.kata-backups/` (which
 * git ignores), and `npm run reset -- --undo` puts the newest of them back.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { gitBlobHash, readGitBlob } from '../git/blob';
import { findKata, kataLabel, REPO_ROOT, type ChapterEntry, type KataEntry, type Manifest } from '../manifest';
import { loadState, saveState } from './state';

/** Where replaced files are kept, relative to the repository root. */
const BACKUP_DIR = '.kata-backups';
/** Backups already put back by `--undo` move here, so that the next undo takes the one before. */
const UNDONE_DIR = 'undone';

export function katasToReset(chapter: ChapterEntry, kataName?: string): KataEntry[] {
  return kataName === undefined ? chapter.katas : [findKata(chapter, kataName)];
}

/** A folder name that sorts by time and never collides with an earlier one. */
function backupName(root: string, now: Date): string {
  const base = now.toISOString().replace(/[:.]/g, '-');
  let name = base;
  for (let n = 2; existsSync(path.join(root, BACKUP_DIR, name)); n++) name = `${base}-${n}`;
  return name;
}

/** Copies the given files (relative to root) into a new backup folder; returns it, relative to root. */
function backUp(root: string, files: string[], now: Date): string {
  const dir = path.join(BACKUP_DIR, backupName(root, now));
  for (const file of files) {
    const target = path.join(root, dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(path.join(root, file)));
  }
  return dir;
}

const readable = (file: string) => {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
};

/** Restores the given katas; `confirm` is asked once, with the files that would be replaced. */
export async function resetKatas(
  chapter: ChapterEntry,
  katas: KataEntry[],
  confirm: (question: string) => Promise<boolean>,
  print: (line: string) => void,
  root = REPO_ROOT,
  now = new Date(),
): Promise<number> {
  const file = (k: KataEntry) => path.join('katas', chapter.dir, k.file);
  const changed = katas.filter((k) => {
    const content = readable(path.join(root, file(k)));
    return !content || gitBlobHash(content) !== k.pristine;
  });
  katas.filter((k) => !changed.includes(k)).forEach((k) => print(`${kataLabel(chapter, k)} is already pristine`));
  if (!changed.length) return 0;
  const pristine = changed.map((k) => readGitBlob(k.pristine, root));
  const names = changed.map(file).join(', ');
  if (!(await confirm(`Replace ${names} with the pristine stub? Your version is kept in ${BACKUP_DIR}/. [y/N] `)))
    throw new UserError('Nothing was reset.');
  const present = changed.filter((k) => readable(path.join(root, file(k))));
  const backup = present.length ? backUp(root, present.map(file), now) : undefined;
  const state = loadState();
  changed.forEach((k, i) => {
    writeFileSync(path.join(root, file(k)), pristine[i]!);
    delete state.results[kataLabel(chapter, k)];
    delete state.hintsShown[kataLabel(chapter, k)];
    const kept = present.includes(k) ? ` (yours is kept in ${path.join(backup!, file(k))})` : '';
    print(`${kataLabel(chapter, k)}: restored ${file(k)}${kept}`);
  });
  saveState(state);
  if (backup) print(`Changed your mind? npm run reset -- --undo puts your version back.`);
  return changed.length;
}

/** The newest backup folder not yet undone, relative to root. */
function newestBackup(root: string): string | undefined {
  const dir = path.join(root, BACKUP_DIR);
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== UNDONE_DIR)
    .map((e) => e.name)
    .sort();
  return names.length ? path.join(BACKUP_DIR, names.at(-1)!) : undefined;
}

/** Every file under a backup folder, relative to that folder. */
function filesIn(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(path.join(root, dir), path.join(e.parentPath, e.name)));
}

/**
 * Puts back the files of the newest reset. A file edited since that reset is itself backed up
 * first, so undoing never loses work either; the backup that was put back moves to `undone/`.
 */
export function undoReset(
  manifest: Manifest,
  print: (line: string) => void,
  root = REPO_ROOT,
  now = new Date(),
): number {
  const backup = newestBackup(root);
  if (!backup) throw new UserError(`There is no reset to undo: ${BACKUP_DIR}/ holds no backup.`);
  const files = filesIn(root, backup);
  const pristine = new Set(manifest.chapters.flatMap((c) => c.katas.map((k) => k.pristine)));
  const edited = files.filter((f) => {
    const current = readable(path.join(root, f));
    return current && !pristine.has(gitBlobHash(current)) && !current.equals(readFileSync(path.join(root, backup, f)));
  });
  const kept = edited.length ? backUp(root, edited, now) : undefined;
  const state = loadState();
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), readFileSync(path.join(root, backup, f)));
    const label = labelOf(manifest, f);
    if (label) delete state.results[label];
    const keptNote = edited.includes(f) ? ` (what was there is kept in ${path.join(kept!, f)})` : '';
    print(`${label ?? f}: put back your version from ${path.join(backup, f)}${keptNote}`);
  }
  saveState(state);
  mkdirSync(path.join(root, BACKUP_DIR, UNDONE_DIR), { recursive: true });
  renameSync(path.join(root, backup), path.join(root, BACKUP_DIR, UNDONE_DIR, path.basename(backup)));
  return files.length;
}

function labelOf(manifest: Manifest, file: string): string | undefined {
  for (const chapter of manifest.chapters)
    for (const kata of chapter.katas)
      if (path.join('katas', chapter.dir, kata.file) === file) return kataLabel(chapter, kata);
  return undefined;
}
