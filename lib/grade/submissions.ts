/**
 * Grading a class: every folder in a submissions directory is one learner's hand-in, either a copy
 * of katas/ or a whole clone (with katas/ inside). Each is graded against the course's pristine
 * tests; the result is one CSV row per learner with the points of every kata.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { gradeKatas, type GradeOptions } from './grade-katas';
import { csvCell, summarise } from './formats';
import type { KataGrade } from './outcome';

export interface LearnerGrade {
  learner: string;
  grades: KataGrade[];
}

/** The learner folders of a submissions directory, sorted by name. */
export function learnerFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError(`--submissions ${dir} is not a folder; give a folder holding one folder per learner.`, 2);
  const names = readdirSync(dir)
    .filter((n) => !n.startsWith('.') && statSync(path.join(dir, n)).isDirectory())
    .sort();
  if (!names.length) throw new UserError(`--submissions ${dir} holds no learner folders.`, 2);
  return names;
}

/** A learner's folder is a katas/ copy, or a clone whose katas/ is inside. */
export const katasOf = (folder: string) =>
  existsSync(path.join(folder, 'katas')) ? path.join(folder, 'katas') : folder;

export async function gradeSubmissions(
  dir: string,
  options: Omit<GradeOptions, 'learnerKatas' | 'submission'>,
  onLearner?: (g: LearnerGrade) => void,
): Promise<LearnerGrade[]> {
  const results: LearnerGrade[] = [];
  for (const learner of learnerFolders(dir)) {
    const grades = await gradeKatas({ ...options, learnerKatas: katasOf(path.join(dir, learner)), submission: true });
    results.push({ learner, grades });
    onLearner?.({ learner, grades });
  }
  return results;
}

/** One row per learner: total, maximum, each kata's points, and the flags (edited tests, errors). */
export function submissionsCsv(results: LearnerGrade[]): string {
  const katas = results[0]?.grades.map((g) => `${g.chapter}/${g.kata}`) ?? [];
  const header = ['learner', 'points', 'max_points', ...katas, 'flags'].map(csvCell).join(',');
  const rows = results.map(({ learner, grades }) => {
    const s = summarise(grades);
    const flags = grades.flatMap((g) => [
      ...(g.status === 'error' ? [`${g.chapter}/${g.kata}: ${g.tests[0]?.message ?? g.feedback}`] : []),
      ...g.guard.filter((n) => !/not guarded/.test(n)).map((n) => `${g.chapter}/${g.kata}: ${n}`),
    ]);
    return [learner, s.points, s.maxPoints, ...grades.map((g) => g.points), flags.join('; ')].map(csvCell).join(',');
  });
  return [header, ...rows, ''].join('\n');
}
