/**
 * `npm run mutation`: StrykerJS mutates the reference solutions of a chapter's katas and runs the
 * chapter's kata tests against each mutant (vitest.mutation.config.ts). A mutant the tests do not
 * notice is a wrong answer the tests would pass, so the score says how well the tests guard the
 * katas. Chapters run one after another, each in its own Stryker run, so that each has its score.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { kataPath, REPO_ROOT, type ChapterEntry } from '../manifest';
import { chapterScore, type ChapterScore, type EquivalentMutant, type MutantOutcome } from './score';

export const EQUIVALENTS_FILE = path.join(REPO_ROOT, 'fixtures', 'mutation', 'equivalent.json');
const MUTATION_OUT = path.join(REPO_ROOT, 'out', 'mutation');

/** The solution files a chapter's kata tests guard: one per kata in the manifest. */
const mutatedFiles = (chapter: ChapterEntry) =>
  chapter.katas.map((kata) => path.relative(REPO_ROOT, kataPath(chapter, kata, 'solutions')));

function strykerOptions(chapter: ChapterEntry, concurrency: number): Record<string, unknown> {
  return {
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: 'vitest.mutation.config.ts' },
    mutate: mutatedFiles(chapter),
    coverageAnalysis: 'perTest',
    concurrency,
    // Training tests take seconds: a mutant that slows a loop tenfold is still caught by the timeout.
    timeoutMS: 60_000,
    reporters: ['clear-text', 'progress-append-only', 'json'],
    jsonReporter: { fileName: path.join('out', 'mutation', `${chapter.id}.json`) },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    ignorePatterns: ['out', 'coverage', '.stryker-tmp', 'fixtures/feedback/reports'],
    // TypeScript 7 has no JavaScript API for Stryker to rewrite tsconfig.json with, and ours needs no
    // rewriting (no project references): point Stryker at a file that does not exist.
    tsconfigFile: 'tsconfig.stryker-none.json',
    logLevel: 'info',
  };
}

function loadEquivalents(file = EQUIVALENTS_FILE): EquivalentMutant[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EquivalentMutant[]) : [];
}

/** Runs Stryker on one chapter and scores it; MUTATION_CHAPTER_DIR tells the vitest config which tests to run. */
export async function mutateChapter(chapter: ChapterEntry, concurrency: number): Promise<ChapterScore> {
  const { Stryker } = await import('@stryker-mutator/core');
  process.env.MUTATION_CHAPTER_DIR = chapter.dir;
  const start = Date.now();
  const results = (await new Stryker(strykerOptions(chapter, concurrency)).runMutationTest()) as MutantOutcome[];
  const seconds = (Date.now() - start) / 1000;
  const read = (file: string) => readFileSync(path.resolve(REPO_ROOT, file), 'utf8');
  const relative = results.map((r) => ({
    ...r,
    fileName: path.relative(REPO_ROOT, path.resolve(REPO_ROOT, r.fileName)),
  }));
  const score = chapterScore(chapter.id, relative, read, loadEquivalents(), seconds);
  mkdirSync(MUTATION_OUT, { recursive: true });
  writeFileSync(path.join(MUTATION_OUT, `${chapter.id}-score.json`), `${JSON.stringify(score, null, 2)}\n`);
  return score;
}
