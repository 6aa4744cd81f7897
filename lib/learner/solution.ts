/**
 * The reference solution, shown beside the learner's code once the kata passes (as rustlings does):
 * never before, so that reading it cannot replace solving it. The two files are aligned as a diff —
 * equal lines side by side, a line only one of them has opposite a gap — and long lines wrap
 * instead of being cut.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors';
import { kataLabel, kataPath, type ChapterEntry, type KataEntry } from '../manifest';
import type { GradeStatus } from '../testrun/outcome';

/** One row of the aligned view: `same`, `changed` (a line each), or a line only `yours` or the `reference` has. */
export interface DiffRow {
  kind: 'same' | 'changed' | 'yours' | 'reference';
  left: string;
  right: string;
}

/** How alike two lines are, 0 to 1: the share of character pairs (bigrams) they have in common. */
function similarity(a: string, b: string): number {
  const pairs = (s: string) =>
    Array.from({ length: Math.max(0, s.trim().length - 1) }, (_, i) => s.trim().slice(i, i + 2));
  const pa = pairs(a);
  const pb = pairs(b);
  if (!pa.length || !pb.length) return a.trim() === b.trim() ? 1 : 0;
  const rest = [...pb];
  let common = 0;
  for (const p of pa) {
    const at = rest.indexOf(p);
    if (at >= 0) {
      common++;
      rest.splice(at, 1);
    }
  }
  return (2 * common) / (pa.length + pb.length);
}

/** Lines this alike count as one line changed; less alike, as one removed and another added. */
const CHANGED_LINE_SIMILARITY = 0.4;

/** Pairs the most alike removed and added lines of a block, keeping their order. */
function pairBlock(removed: readonly string[], added: readonly string[]): DiffRow[] {
  const best = Array.from({ length: removed.length + 1 }, () => new Array<number>(added.length + 1).fill(0));
  const sim = (i: number, j: number) => {
    const s = similarity(removed[i]!, added[j]!);
    return s >= CHANGED_LINE_SIMILARITY ? s : Number.NEGATIVE_INFINITY;
  };
  for (let i = removed.length - 1; i >= 0; i--)
    for (let j = added.length - 1; j >= 0; j--)
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, sim(i, j) + best[i + 1]![j + 1]!);
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < removed.length || j < added.length) {
    if (i < removed.length && j < added.length && best[i]![j] === sim(i, j) + best[i + 1]![j + 1]!)
      rows.push({ kind: 'changed', left: removed[i++]!, right: added[j++]! });
    else if (j >= added.length || (i < removed.length && best[i]![j] === best[i + 1]![j]))
      rows.push({ kind: 'yours', left: removed[i++]!, right: '' });
    else rows.push({ kind: 'reference', left: '', right: added[j++]! });
  }
  return rows;
}

/**
 * Lines of `a` and `b` aligned by their longest common subsequence; removed and added lines that
 * look alike pair up.
 */
export function alignLines(a: readonly string[], b: readonly string[]): DiffRow[] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const rows: DiffRow[] = [];
  let onlyA: string[] = [];
  let onlyB: string[] = [];
  const flush = () => {
    rows.push(...pairBlock(onlyA, onlyB));
    onlyA = [];
    onlyB = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      rows.push({ kind: 'same', left: a[i]!, right: b[j]! });
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) onlyA.push(a[i++]!);
    else onlyB.push(b[j++]!);
  }
  flush();
  return rows;
}

/**
 * A line cut into pieces of at most `width` columns (tabs as two spaces), after a space where one
 * falls in the second half of the piece; an empty line is one empty piece. Nothing is dropped.
 */
function wrap(line: string, width: number): string[] {
  let rest = line.replace(/\t/g, '  ');
  const pieces: string[] = [];
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const at = space >= width / 2 ? space + 1 : width;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  pieces.push(rest);
  return pieces;
}

const MARK: Record<DiffRow['kind'], string> = { same: ' ', changed: '~', yours: '-', reference: '+' };

/** Two texts as an aligned diff, `yours │ reference`, each column `width` wide, with a heading over each. */
export function sideBySide(left: string, right: string, width: number, headings: [string, string]): string[] {
  const lines = (text: string) => text.replace(/\n$/, '').split('\n');
  const out = [`  ${headings[0].padEnd(width)} │ ${headings[1]}`, `  ${'-'.repeat(width)} │ ${'-'.repeat(width)}`];
  for (const row of alignLines(lines(left), lines(right))) {
    const l = wrap(row.left, width);
    const r = wrap(row.right, width);
    for (let k = 0; k < Math.max(l.length, r.length); k++)
      out.push(`${k === 0 ? MARK[row.kind] : ' '} ${(l[k] ?? '').padEnd(width)} │ ${r[k] ?? ''}`.trimEnd());
  }
  out.push('', '~ differs   - only yours   + only the reference');
  return out;
}

/** The side-by-side view, or a UserError when the kata has not passed yet. */
export function solutionView(chapter: ChapterEntry, kata: KataEntry, status: GradeStatus, columns: number): string[] {
  if (status !== 'pass')
    throw new UserError(
      `${kataLabel(chapter, kata)} does not pass yet (${status}): the reference solution is shown once your tests ` +
        `pass. Try \`npm run hint -- ${chapter.id} ${kata.name}\`.`,
    );
  const width = Math.max(30, Math.floor((columns - 5) / 2));
  return sideBySide(
    readFileSync(kataPath(chapter, kata), 'utf8'),
    readFileSync(kataPath(chapter, kata, 'solutions'), 'utf8'),
    width,
    [`yours: katas/${chapter.dir}/${kata.file}`, `reference: solutions/${chapter.dir}/${kata.file}`],
  );
}
