/**
 * Grading a class: every entry of a submissions directory gets a row — a learner's folder (a copy of
 * katas/ or a whole clone with katas/ inside) is graded against the course's pristine tests, anything
 * else is listed with the reason it was not. One grading session serves the whole class; katas of all
 * learners share `jobs` slots; a failure costs one kata or one learner, never the run; each learner's
 * row is handed on as soon as it and the rows before it are done, so the CSV grows as the class is
 * graded. `shard` takes every n-th entry, so the machines of a CI matrix grade a slice each.
 */
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors';
import { kataLabel, type Manifest } from '../manifest';
import { csvCell, summarise } from './formats';
import { inParallel } from './grade-katas';
import type { HiddenTests } from './hidden-tests';
import { type GradeOptions, openSession } from './session';
import { katasFolderOf, submissionEntries } from './intake';
import { type KataGrade, notGraded } from './outcome';

export interface LearnerGrade {
  learner: string;
  grades: KataGrade[];
  /** Why the entry was not graded at all (not a folder, an archive, …). */
  refused?: string;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UserError(
      `--shard ${text} is not i/n with 1 ≤ i ≤ n; for the second of three machines give --shard 2/3.`,
      2,
    );
  return { index, count };
}

/** Every n-th entry from the i-th: shards stay balanced and together hold each entry exactly once. */
export const inShard = <T>(items: T[], shard: Shard | undefined) =>
  shard ? items.filter((_, i) => i % shard.count === shard.index - 1) : items;

export interface ClassRun {
  results: LearnerGrade[];
  sandboxed: boolean;
  /** The hidden tests the class was graded with, and the files among them that belong to no kata. */
  hidden: HiddenTests;
}

export async function gradeSubmissions(
  dir: string,
  options: GradeOptions,
  hooks: {
    shard?: Shard;
    onLearner?: (g: LearnerGrade) => void;
  } = {},
): Promise<ClassRun> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError(`--submissions ${dir} is not a folder; give a folder holding one folder per learner.`, 2);
  const entries = inShard(submissionEntries(dir), hooks.shard);
  if (!entries.length)
    throw new UserError(`--submissions ${dir} holds no learner folders${hooks.shard ? ' for this shard' : ''}.`, 2);
  const session = await openSession(options);
  try {
    const katas = options.course.manifest.chapters.flatMap((chapter) =>
      chapter.katas.map((kata) => ({ chapter, kata })),
    );
    const learners = entries.map((entry) => {
      if (entry.kind === 'refused') return { name: entry.name, refused: entry.reason };
      const inner = katasFolderOf(entry.folder);
      return 'reason' in inner ? { name: entry.name, refused: inner.reason } : { name: entry.name, katas: inner.dir };
    });
    const grades: KataGrade[][] = learners.map(() => []);
    const left = learners.map(() => katas.length);
    const results: (LearnerGrade | undefined)[] = new Array(learners.length);
    let emitted = 0;
    const finish = (index: number, result: LearnerGrade) => {
      results[index] = result;
      for (; emitted < results.length && results[emitted]; emitted++) hooks.onLearner?.(results[emitted]!);
    };
    learners.forEach((l, i) => {
      if (l.refused !== undefined) finish(i, { learner: l.name, grades: [], refused: l.refused });
    });
    const tasks = learners.flatMap((l, li) => (l.katas ? katas.map((k, ki) => ({ ...k, li, ki, dir: l.katas })) : []));
    await inParallel(tasks, options.jobs, async ({ chapter, kata, li, ki, dir: katasDir }) => {
      let grade: KataGrade;
      try {
        grade = await session.gradeKata(katasDir, chapter, kata, true);
      } catch (error) {
        const reason = `the grader failed on this kata (${(error as Error).message ?? String(error)})`;
        grade = notGraded(chapter.id, kata, reason, options.sandbox);
      }
      grades[li]![ki] = grade;
      if (--left[li]! === 0) finish(li, { learner: learners[li]!.name, grades: grades[li]! });
    });
    return {
      results: results as LearnerGrade[],
      sandboxed: options.sandbox,
      hidden: session.hidden,
    };
  } finally {
    session.close();
  }
}

export const kataColumns = (manifest: Manifest) =>
  manifest.chapters.flatMap((chapter) => chapter.katas.map((kata) => kataLabel(chapter, kata)));

export function submissionsCsvHeader(manifest: Manifest): string {
  return `${['learner', 'points', 'max_points', ...kataColumns(manifest), 'flags'].map(csvCell).join(',')}\n`;
}

/** Errors, bent grading and edited tests, one flag each, prefixed with the kata. */
export function learnerFlags({ grades, refused }: LearnerGrade): string[] {
  if (refused !== undefined) return [`not graded: ${refused}`];
  const perKata = grades.flatMap((g) => [
    ...(g.status === 'error' ? [`${g.chapter}/${g.kata}: ${g.problems[0] ?? g.tests[0]?.message ?? g.feedback}`] : []),
    ...g.guard.filter((n) => !/not guarded/.test(n)).map((n) => `${g.chapter}/${g.kata}: ${n}`),
  ]);
  return grades.some((g) => !g.sandboxed) ? ['graded unsandboxed', ...perKata] : perKata;
}

/** One row per learner: total, maximum, each kata's points, and the flags. */
export function submissionsCsvRow(result: LearnerGrade, manifest: Manifest): string {
  const s = summarise(result.grades);
  const points = new Map(result.grades.map((g) => [`${g.chapter}/${g.kata}`, g.points]));
  const maxPoints = manifest.chapters.reduce((sum, c) => sum + c.katas.reduce((n, k) => n + k.points, 0), 0);
  return `${[
    result.learner,
    s.points,
    Math.round(maxPoints * 100) / 100,
    ...kataColumns(manifest).map((k) => points.get(k) ?? 0),
    learnerFlags(result).join('; '),
  ]
    .map(csvCell)
    .join(',')}\n`;
}

export function submissionsCsv(results: LearnerGrade[], manifest: Manifest): string {
  return submissionsCsvHeader(manifest) + results.map((r) => submissionsCsvRow(r, manifest)).join('');
}
