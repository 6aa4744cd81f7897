/**
 * The reference solution, shown beside the learner's code once the kata passes (as rustlings does):
 * never before, so that reading it cannot replace solving it.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors';
import { kataLabel, kataPath, type ChapterEntry, type KataEntry } from '../manifest';
import type { GradeStatus } from '../testrun/outcome';

/** Expands tabs and cuts or pads a line to exactly `width` columns. */
function fit(line: string, width: number): string {
  const plain = line.replace(/\t/g, '  ');
  return plain.length > width ? `${plain.slice(0, width - 1)}…` : plain.padEnd(width);
}

/** Two texts in columns, `yours | reference`, each `width` wide, with a heading over each. */
export function sideBySide(left: string, right: string, width: number, headings: [string, string]): string[] {
  const a = left.replace(/\n$/, '').split('\n');
  const b = right.replace(/\n$/, '').split('\n');
  const rows = [
    [headings[0], headings[1]],
    ['-'.repeat(width), '-'.repeat(width)],
  ];
  for (let i = 0; i < Math.max(a.length, b.length); i++) rows.push([a[i] ?? '', b[i] ?? '']);
  return rows.map(([l, r]) => `${fit(l!, width)} │ ${fit(r!, width)}`.trimEnd());
}

/** The side-by-side view, or a UserError when the kata has not passed yet. */
export function solutionView(chapter: ChapterEntry, kata: KataEntry, status: GradeStatus, columns: number): string[] {
  if (status !== 'pass')
    throw new UserError(
      `${kataLabel(chapter, kata)} does not pass yet (${status}): the reference solution is shown once your tests pass. Try \`npm run hint -- ${chapter.id} ${kata.name}\`.`,
    );
  const width = Math.max(40, Math.floor((columns - 3) / 2));
  return sideBySide(
    readFileSync(kataPath(chapter, kata), 'utf8'),
    readFileSync(kataPath(chapter, kata, 'solutions'), 'utf8'),
    width,
    [`yours: katas/${chapter.dir}/${kata.file}`, `reference: solutions/${chapter.dir}/${kata.file}`],
  );
}
