/**
 * `npm run report`: writes index.html and one page per chapter of the manifest, reading the JSON
 * results and figures that `npm run solve -- chN --json out/chN.json --out out/` left, and copying
 * the figures next to the pages so the folder can be opened or served as it is.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { kataPath, REPO_ROOT, type Manifest } from '../manifest';
import type { ChapterResult } from '../run/types';
import { chapterNumber, chapterText, readNotebook } from './book-text';
import { markdownToHtml } from './markdown';
import { chapterPage, indexPage } from './page';

export interface ReportOptions {
  manifest: Manifest;
  /** Where `npm run solve` wrote `<chapter>.json` (and, by default, its figures). */
  resultsDir: string;
  outDir: string;
  bookDir?: string;
  root?: string;
}

export function readResult(resultsDir: string, id: string): ChapterResult | undefined {
  const file = path.join(resultsDir, `${id}.json`);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ChapterResult;
}

/** Browsers draw SVG crisply; fall back to the PNG when only that exists. */
function pickFigures(figures: string[], resultsDir: string): { found: string[]; missing: string[] } {
  const bases = [...new Set(figures.map((f) => f.replace(/\.(svg|png)$/, '')))];
  const found: string[] = [];
  const missing: string[] = [];
  for (const base of bases) {
    const candidates = [`${base}.svg`, `${base}.png`].flatMap((f) => [
      path.resolve(f),
      path.join(resultsDir, path.basename(f)),
    ]);
    const file = candidates.find((f) => existsSync(f));
    if (file) found.push(file);
    else
      missing.push(
        `figure ${path.basename(base)} was not found (looked for ${path.basename(base)}.svg/.png in ${resultsDir})`,
      );
  }
  return { found, missing };
}

export function buildReport(options: ReportOptions): string[] {
  const root = options.root ?? REPO_ROOT;
  const notebook = readNotebook(options.bookDir);
  mkdirSync(path.join(options.outDir, 'figures'), { recursive: true });
  const results: Record<string, ChapterResult | undefined> = {};
  const written: string[] = [];
  for (const chapter of options.manifest.chapters) {
    const result = readResult(options.resultsDir, chapter.id);
    results[chapter.id] = result;
    const notes: string[] = notebook
      ? []
      : [
          `the book's notebook (notebook.ko.txt) was not found in ${options.bookDir ?? 'fixtures/book'}; ` +
            'pass --book DIR',
        ];
    const { found, missing } = result ? pickFigures(result.figures, options.resultsDir) : { found: [], missing: [] };
    notes.push(...missing);
    const figures = found.map((file) => {
      copyFileSync(file, path.join(options.outDir, 'figures', path.basename(file)));
      return `figures/${path.basename(file)}`;
    });
    const guide = path.join(root, 'katas', chapter.dir, 'README.md');
    const solutionDir = path.join(root, 'solutions', chapter.dir);
    const code = chapter.katas
      .map((k) => kataPath(chapter, k, 'solutions').replace(REPO_ROOT, root))
      .concat(
        existsSync(solutionDir)
          ? readdirSync(solutionDir)
              .filter((f) => f === 'book-run.ts')
              .map((f) => path.join(solutionDir, f))
          : [],
      )
      .filter((f) => existsSync(f))
      .map((f) => ({ file: path.relative(root, f), source: readFileSync(f, 'utf8') }));
    const html = chapterPage(options.manifest, {
      chapter,
      korean: notebook ? chapterText(notebook, chapterNumber(chapter.id)) : undefined,
      englishHtml: existsSync(guide) ? markdownToHtml(readFileSync(guide, 'utf8')) : undefined,
      code,
      result,
      figures,
      notes,
    });
    const file = path.join(options.outDir, `${chapter.id}.html`);
    writeFileSync(file, html);
    written.push(file);
  }
  const index = path.join(options.outDir, 'index.html');
  writeFileSync(index, indexPage(options.manifest, results));
  return [index, ...written];
}
