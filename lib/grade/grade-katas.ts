/**
 * Grades a learner's katas against a course's pristine tests, in one grading session (./session.ts),
 * `jobs` katas at a time.
 */
import { type GradeOptions, openSession } from './session';
import type { KataGrade } from './outcome';

/** Runs `work` over `items`, `jobs` at a time, in order of the items; results in the same order. */
export async function inParallel<T, R>(
  items: T[],
  jobs: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

/** Grades every kata of the manifest in one session, `jobs` at a time, in manifest order. */
export async function gradeKatas(
  options: GradeOptions & { learnerKatas: string; onKata?: (grade: KataGrade) => void },
): Promise<KataGrade[]> {
  const session = await openSession(options);
  try {
    const queue = options.course.manifest.chapters.flatMap((chapter) =>
      chapter.katas.map((kata) => ({ chapter, kata })),
    );
    return await inParallel(queue, options.jobs, async ({ chapter, kata }) => {
      const grade = await session.gradeKata(options.learnerKatas, chapter, kata, false);
      options.onKata?.(grade);
      return grade;
    });
  } finally {
    session.close();
  }
}
