/**
 * What `npm run solve` does once its flags are parsed: pick the backend for the chapter's job,
 * run the chapter's book-scale training, print the verdict, write the JSON result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chooseBackend, describeBackend, quietTensorFlow, type BackendName } from '../backend';
import { wholeNumberFlag } from '../cli';
import { UserError } from '../errors';
import type { Manifest } from '../manifest';
import { checkChapterStarted, explainUnfinished, useLearnerKatas } from './mine';
import { formatSeconds } from './progress';
import type { BookRun, ChapterResult } from './types';

export interface SolveRequest {
  chapter: string;
  steps?: number;
  backend: BackendName;
  outDir: string;
  json?: string;
  mnistDir?: string;
  print: (line: string) => void;
  /** `--mine`: run the learner's katas of this manifest in place of the reference solutions. */
  learnerKatas?: Manifest;
}

export async function solveChapter(
  request: SolveRequest,
  runs: Record<string, () => Promise<BookRun>>,
): Promise<ChapterResult> {
  const load = runs[request.chapter];
  if (!load)
    throw new UserError(`Unknown chapter '${request.chapter}'; choose one of: ${Object.keys(runs).join(', ')}.`, 2);
  const mine = request.learnerKatas;
  const chapter = mine?.chapters.find((c) => c.id === request.chapter);
  if (mine && chapter) {
    checkChapterStarted(chapter);
    useLearnerKatas(mine);
  }
  const bookRun = await load();
  quietTensorFlow();
  const backend = await chooseBackend(request.backend, bookRun.jobSize);
  describeBackend(backend).forEach((line) => request.print(line));
  mkdirSync(request.outDir, { recursive: true });
  if (chapter)
    request.print(`Your katas in place of the reference solutions: katas/${chapter.dir}/ and the chapters it uses.`);
  const options = {
    steps: request.steps,
    outDir: request.outDir,
    backend,
    print: request.print,
    mnistDir: request.mnistDir,
  };
  const result = await bookRun.run(options).catch((error: unknown) => {
    throw mine ? explainUnfinished(error, mine) : error;
  });
  result.katas = mine ? 'mine' : 'reference';
  result.figures.forEach((f) => request.print(`figure: ${path.relative(process.cwd(), f)}`));
  if (request.json) {
    mkdirSync(path.dirname(path.resolve(request.json)), { recursive: true });
    writeFileSync(request.json, `${JSON.stringify(result, null, 2)}\n`);
    request.print(`result: ${request.json}`);
  }
  request.print(
    `${request.chapter}${mine ? ' (your katas)' : ''} ${result.pass ? 'PASSED' : 'FAILED'} ` +
      `its bands on ${backend.name} in ` +
      `${formatSeconds(result.seconds)}`,
  );
  return result;
}

/** `--steps`: a whole number ≥ 1, or a UserError that says so. */
export function parseSteps(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return wholeNumberFlag('steps', value, 1);
}
