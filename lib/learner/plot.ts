/**
 * `npm run plot`: each chapter draws its figures from the learner's own code beside the reference.
 * A chapter registers its drawing by shipping `solutions/<chapter>/plot.ts` that exports
 * `chapterPlot`; it receives both module trees (the learner's katas and the solutions, keyed by
 * kata name), so one function draws both and they can only differ by the learner's code.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { KataNotImplementedError } from '../kata';
import { isPristine, kataPath, REPO_ROOT, type ChapterEntry } from '../manifest';

/** A module tree: kata name → that kata's module (e.g. `train` → { trainRegression, … }). */
export type ChapterModules = Record<string, unknown>;

export interface PlotContext<M extends ChapterModules = ChapterModules> {
  learner: M;
  reference: M;
  steps: number;
  outDir: string;
  print: (line: string) => void;
}

export interface ChapterPlot<M extends ChapterModules = ChapterModules> {
  /** The katas whose code the figures use, in the order a learner solves them. */
  needs: readonly string[];
  /** Training steps when `--steps` is not given: a modest run, seconds not minutes. */
  defaultSteps: number;
  /** Draws the figures and returns their paths. */
  plot(context: PlotContext<M>): Promise<string[]>;
}

export const plotModulePath = (chapter: ChapterEntry) => path.join(REPO_ROOT, 'solutions', chapter.dir, 'plot.ts');

async function importKata(file: string, what: string): Promise<unknown> {
  try {
    return await import(file);
  } catch (error) {
    throw new UserError(
      `${what} does not load (${(error as Error).message.split('\n')[0]}); ` +
        'fix it first (npm run kata shows the error).',
    );
  }
}

export async function plotChapter(
  chapter: ChapterEntry,
  options: { steps?: number; outDir: string; print: (line: string) => void },
): Promise<string[]> {
  const file = plotModulePath(chapter);
  if (!existsSync(file))
    throw new UserError(
      `${chapter.id} has no figures to draw from your code yet (solutions/${chapter.dir}/plot.ts is missing).`,
    );
  const { chapterPlot } = (await import(file)) as { chapterPlot: ChapterPlot };
  const needed = chapterPlot.needs.map((name) => {
    const kata = chapter.katas.find((k) => k.name === name);
    if (!kata)
      throw new Error(`solutions/${chapter.dir}/plot.ts needs kata '${name}', which the manifest does not list`);
    return kata;
  });
  const unsolved = needed.find((kata) => isPristine(chapter, kata));
  if (unsolved)
    throw new UserError(
      `Finish ${chapter.id}/${unsolved.name} first (npm run kata): ` +
        `the figures are drawn from your katas/${chapter.dir}/${unsolved.file}.`,
    );
  const learner: ChapterModules = {};
  const reference: ChapterModules = {};
  for (const kata of needed) {
    learner[kata.name] = await importKata(kataPath(chapter, kata), `Your katas/${chapter.dir}/${kata.file}`);
    reference[kata.name] = await importKata(
      kataPath(chapter, kata, 'solutions'),
      `solutions/${chapter.dir}/${kata.file}`,
    );
  }
  try {
    return await chapterPlot.plot({
      learner,
      reference,
      steps: options.steps ?? chapterPlot.defaultSteps,
      outDir: options.outDir,
      print: options.print,
    });
  } catch (error) {
    if (error instanceof KataNotImplementedError)
      throw new UserError(`Finish ${error.kata} first (npm run kata): ${error.task}.`);
    throw error;
  }
}
