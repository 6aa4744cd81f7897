/**
 * The book's Korean text for one chapter, cut from the study notebook (`notebook.ko.txt`) at its
 * "N장." headings. The notebook ships in fixtures/book, so a clone has it offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../manifest';

export const DEFAULT_BOOK_DIR = process.env.BOOK_DIR ?? path.join(REPO_ROOT, 'fixtures', 'book');

/** `ch3` → 3. */
export const chapterNumber = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? NaN);

/** The notebook's text from the chapter's heading to the next chapter's, or undefined when absent. */
export function chapterText(notebook: string, number: number): string | undefined {
  const lines = notebook.split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith(`${number}장.`));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^\d+장\./.test(l.trim()));
  return lines
    .slice(start, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

export function readNotebook(bookDir = DEFAULT_BOOK_DIR): string | undefined {
  const file = path.join(bookDir, 'notebook.ko.txt');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
