/**
 * The watch mode's logic: find the first kata not known to pass, run its tests, show the progress
 * bars, the results and what to do next; then rerun on every save and move on when it passes.
 */
import path from 'node:path';
import { kataLabel, REPO_ROOT, type ChapterEntry, type Manifest } from '../manifest';
import { diagnose } from '../feedback/diagnose';
import { evidenceLines } from '../feedback/evidence-lines';
import { revealNextHint, formatHints } from './hints';
import { runKata, type KataResult } from './kata-run';
import { chapterCompleteLines, kataProgress, MARK, pointsLabel, progressLines, type KataProgress } from './progress';
import { loadState, saveState } from './state';
import { DEFAULT_WATCH, watchFolders, type WatchOptions } from './watcher';

export interface SessionOptions {
  manifest: Manifest;
  print: (line: string) => void;
  /** Run once and return (scripts, tests); otherwise watch until stop() is called. */
  once: boolean;
  watch?: WatchOptions;
  /** Clears the screen between runs (a terminal); a no-op elsewhere. */
  clear?: () => void;
  run?: typeof runKata;
}

export interface Session {
  /** Resolves after the first screen is shown. */
  ready: Promise<void>;
  /** Reruns the current kata now (also what a save does). */
  rerun(): Promise<void>;
  hint(): void;
  stop(): void;
}

/** Failing tests shown with their evidence; the rest get their headline only, so the screen stays short. */
const DETAILED_FAILURES = 3;

export function resultLines(current: KataProgress, result: KataResult): string[] {
  const { chapter, kata } = current;
  const file = path.join('katas', chapter.dir, kata.file);
  const lines = [
    ``,
    `${kataLabel(chapter, kata)} (${pointsLabel(kata.points)}) — ${file}: ${result.status} ` +
      `(${result.seconds.toFixed(1)} s)`,
  ];
  // Every test fails the same way on an untouched stub: say it once.
  const notStarted = result.status === 'not started';
  if (notStarted) lines.push(`  · ${result.tests.length} tests wait for your code: ${result.tests[0]?.message ?? ''}`);
  let detailed = 0;
  for (const t of notStarted ? [] : result.tests) {
    lines.push(`  ${MARK[t.status]} ${t.name}`);
    if (t.status === 'pass') continue;
    lines.push(`      ${t.message}`);
    if (t.status !== 'not started' && detailed++ < DETAILED_FAILURES)
      evidenceLines(t.evidence).forEach((l) => lines.push(`      ${l}`));
  }
  const diagnosis = diagnose(result.tests.filter((t) => t.status !== 'pass'));
  if (diagnosis) lines.push(`  → ${diagnosis.advice}`);
  if (result.status === 'pass')
    lines.push(
      ``,
      `${kataLabel(chapter, kata)} passes! See the reference beside yours: ` +
        `npm run kata -- --solution ${chapter.id} ${kata.name}`,
    );
  else
    lines.push(
      ``,
      `Next: edit ${file} and save; the tests run again. Stuck? npm run hint -- ${chapter.id} ${kata.name}`,
    );
  return lines;
}

const chapterPasses = (progress: KataProgress[], chapter: ChapterEntry) =>
  progress.filter((p) => p.chapter.id === chapter.id).every((p) => p.status === 'pass');

export function startSession(options: SessionOptions): Session {
  const run = options.run ?? runKata;
  const print = options.print;
  let stopWatching = () => {};
  let busy: Promise<void> | undefined;
  let again = false;
  let current: KataProgress | undefined;

  /** Runs katas from the first unfinished one until one does not pass; prints the screen. */
  async function advance(): Promise<void> {
    const passedNow = new Set<string>();
    let progress = kataProgress(options.manifest, loadState());
    for (;;) {
      // A kata that just passed is done even if its file changed again meanwhile: the next save reruns it.
      current = progress.find((p) => p.status !== 'pass' && !passedNow.has(kataLabel(p.chapter, p.kata)));
      if (!current) {
        options.clear?.();
        progressLines(progress).forEach((l) => print(l));
        print('');
        print('Every kata passes. Draw your figures with `npm run plot -- <chapter>` and compare them with the book.');
        return;
      }
      const result = await run(current.chapter, current.kata);
      // After the run: what it remembered, for the chapter's completion, this screen and the next kata.
      progress = kataProgress(options.manifest, loadState());
      if (result.status === 'pass') passedNow.add(kataLabel(current.chapter, current.kata));
      if (result.status === 'pass' && current.status !== 'pass') {
        print(`${kataLabel(current.chapter, current.kata)} passes — moving on.`);
        if (chapterPasses(progress, current.chapter)) chapterCompleteLines(current.chapter).forEach((l) => print(l));
      }
      if (result.status !== 'pass') {
        options.clear?.();
        progressLines(progress).forEach((l) => print(l));
        resultLines(current, result).forEach((l) => print(l));
        if (!options.once)
          print(`Watching ${options.watch?.poll ? 'by polling' : 'for changes'}… (h: hint, r: run again, q: quit)`);
        return;
      }
    }
  }

  async function rerun(): Promise<void> {
    if (busy) {
      again = true;
      return busy;
    }
    busy = (async () => {
      do {
        again = false;
        await advance();
      } while (again);
    })().finally(() => (busy = undefined));
    return busy;
  }

  const ready = rerun().then(() => {
    if (options.once) return;
    const folders = options.manifest.chapters.map((c) => path.join(REPO_ROOT, 'katas', c.dir));
    stopWatching = watchFolders(folders, () => void rerun(), options.watch ?? DEFAULT_WATCH);
  });

  return {
    ready,
    rerun,
    hint() {
      if (!current) return;
      const state = loadState();
      formatHints(revealNextHint(state, current.chapter, current.kata)).forEach((l) => print(l));
      saveState(state);
    },
    stop: () => stopWatching(),
  };
}
