/**
 * The results of a class graded in shards (`--shard i/n` on each machine of a CI matrix) joined into
 * one: the shards' JSON files (or their CSV files) become one result, after checking that they were
 * graded against the same course and the same hidden tests, that every shard is there once, and that
 * no learner appears twice.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../errors';
import type { Manifest } from '../manifest';
import { csvCell, summarise } from './formats';
import type { KataGrade } from './outcome';
import { type LearnerGrade, type Shard, submissionsCsv } from './submissions';
import type { HiddenTests } from './hidden-tests';

export const CLASS_RESULT_KIND = 'kata-grades/class';

export interface ClassResult {
  kind: typeof CLASS_RESULT_KIND;
  /** The course the class was graded against (its katas, points and pristine tests). */
  course: string;
  /** The hidden tests graded with. */
  hiddenTests: string;
  shard: Shard | null;
  sandboxed: boolean;
  gradedAt: string;
  learners: { learner: string; refused?: string; summary: ReturnType<typeof summarise>; katas: KataGrade[] }[];
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

export const courseFingerprint = (manifest: Manifest) =>
  hash(manifest.chapters.map((c) => [c.id, c.katas.map((k) => [k.name, k.points, k.pristine, k.testPristine])]));

export const hiddenFingerprint = (hidden: HiddenTests) =>
  hash(
    [...hidden.byKata].map(([label, tests]) => [label, tests.map((t) => [t.name, hash(t.content.toString('base64'))])]),
  );

export function classResult(
  results: LearnerGrade[],
  meta: Pick<ClassResult, 'course' | 'hiddenTests' | 'shard' | 'sandboxed'>,
): ClassResult {
  return {
    kind: CLASS_RESULT_KIND,
    ...meta,
    gradedAt: new Date().toISOString(),
    learners: results.map((r) => ({
      learner: r.learner,
      ...(r.refused !== undefined ? { refused: r.refused } : {}),
      summary: summarise(r.grades),
      katas: r.grades,
    })),
  };
}

function readShard(file: string): ClassResult {
  let parsed: ClassResult;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as ClassResult;
  } catch (error) {
    throw new UserError(`--merge: ${file} is not a grade JSON file (${(error as Error).message}).`);
  }
  if (parsed?.kind !== CLASS_RESULT_KIND)
    throw new UserError(`--merge: ${file} is not the JSON of a class graded with --submissions --json.`);
  return parsed;
}

function checkShards(shards: { file: string; shard: Shard | null }[]): void {
  const counts = new Set(shards.map((s) => s.shard?.count ?? 1));
  if (counts.size > 1)
    throw new UserError(`--merge: the files come from different splits (${[...counts].join(' and ')} shards).`);
  const count = [...counts][0]!;
  const seen = new Map<number, string>();
  for (const { file, shard } of shards) {
    const index = shard?.index ?? 1;
    if (seen.has(index))
      throw new UserError(`--merge: ${seen.get(index)} and ${file} are both shard ${index}/${count}.`);
    seen.set(index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new UserError(
      `--merge: shard ${missing.map((i) => `${i}/${count}`).join(', ')} is missing; pass every shard's file.`,
    );
}

function noDuplicates(names: { learner: string; file: string }[]): void {
  const seen = new Map<string, string>();
  for (const { learner, file } of names) {
    if (seen.has(learner))
      throw new UserError(`--merge: learner '${learner}' is in both ${seen.get(learner)} and ${file}.`);
    seen.set(learner, file);
  }
}

/** Joins shard JSON files graded against `manifest`; the result is one unsharded class result. */
export function mergeJson(files: string[], manifest: Manifest): ClassResult {
  const shards = files.map((file) => ({ file, ...readShard(file) }));
  const course = courseFingerprint(manifest);
  for (const s of shards)
    if (s.course !== course)
      throw new UserError(`--merge: ${s.file} was graded against another version of the course's katas or tests.`);
  if (new Set(shards.map((s) => s.hiddenTests)).size > 1)
    throw new UserError('--merge: the shards were graded with different hidden tests (--extra-tests).');
  checkShards(shards);
  noDuplicates(shards.flatMap((s) => s.learners.map((l) => ({ learner: l.learner, file: s.file }))));
  return {
    kind: CLASS_RESULT_KIND,
    course,
    hiddenTests: shards[0]!.hiddenTests,
    shard: null,
    sandboxed: shards.every((s) => s.sandboxed),
    gradedAt: new Date().toISOString(),
    learners: shards
      .flatMap((s) => s.learners)
      .sort((a, b) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0)),
  };
}

export const learnerGrades = (result: ClassResult): LearnerGrade[] =>
  result.learners.map((l) => ({
    learner: l.learner,
    grades: l.katas,
    ...(l.refused !== undefined ? { refused: l.refused } : {}),
  }));

export const mergedCsv = (result: ClassResult, manifest: Manifest) => submissionsCsv(learnerGrades(result), manifest);

/** Splits CSV text into rows of cells (quoted cells may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) cell += c;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      rows.push(row);
      row = [];
    }
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** Joins shard CSV files with the same header: their rows, sorted by learner, each learner once. */
export function mergeCsv(files: string[]): string {
  const parts = files.map((file) => {
    const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
    return { file, header: JSON.stringify(header), columns: header ?? [], rows };
  });
  for (const p of parts)
    if (p.header !== parts[0]!.header)
      throw new UserError(`--merge: ${p.file} has other columns than ${parts[0]!.file}.`);
  const rows = parts.flatMap((p) => p.rows.map((cells) => ({ cells, learner: cells[0] ?? '', file: p.file })));
  noDuplicates(rows);
  rows.sort((a, b) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0));
  // The cells were neutralised when first written: written again, they come out the same.
  const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\n`;
  return line(parts[0]!.columns) + rows.map((r) => line(r.cells)).join('');
}
