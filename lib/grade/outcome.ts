/**
 * What a grader says about one kata: its tests' outcomes (see lib/testrun/outcome), and points that
 * follow the tests, as in nbgrader.
 */
import type { KataEntry } from '../manifest';
import type { GradeStatus, TestGrade } from '../testrun/outcome';

export interface KataGrade {
  chapter: string;
  kata: string;
  status: GradeStatus;
  points: number;
  maxPoints: number;
  tests: TestGrade[];
  /** One paragraph for the learner: what failed and what to look at. */
  feedback: string;
  /** Test-file guard notes (edited, restored, not guarded). */
  guard: string[];
  /** Why the kata's grading cannot be trusted (its file refused, its tests or tools bent); any means 0 points. */
  problems: string[];
  /** Worth telling, no effect on points (an error thrown outside any test). */
  notes: string[];
  /** Whether its code ran in the sandbox. */
  sandboxed: boolean;
  seconds: number;
}

/** Points in proportion to the tests passed, to two decimals. */
export function kataPoints(tests: TestGrade[], maxPoints: number): number {
  if (tests.length === 0) return 0;
  const passed = tests.filter((t) => t.status === 'pass').length;
  return Math.round((maxPoints * passed * 100) / tests.length) / 100;
}

/** A kata the grader could not grade (its file refused, its test broken, the grader failed): 0 points, why. */
export const notGraded = (
  chapter: string,
  kata: Pick<KataEntry, 'name' | 'points'>,
  reason: string,
  sandboxed: boolean,
  guard: string[] = [],
): KataGrade => ({
  chapter,
  kata: kata.name,
  status: 'error',
  points: 0,
  maxPoints: kata.points,
  tests: [],
  feedback: `Not graded: ${reason}.`,
  guard,
  problems: [reason],
  notes: [],
  sandboxed,
  seconds: 0,
});
