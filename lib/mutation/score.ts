/**
 * Reading StrykerJS's results for `npm run mutation`: the score of a chapter, and its surviving
 * mutants matched against the list of mutants known to be equivalent (a change no test could ever
 * see, such as a different but equally valid error message text), each with its reason.
 */
import { cut } from '../feedback/readable';

/** The part of a Stryker `MutantResult` we read. */
export interface MutantOutcome {
  fileName: string;
  mutatorName: string;
  replacement: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** One mutant that survives by nature, recorded in fixtures/mutation/equivalent.json. */
export interface EquivalentMutant {
  /** Relative to the repository: `solutions/ch1-temperatures/data.ts`. */
  file: string;
  mutator: string;
  /** The code Stryker replaced, exactly. */
  original: string;
  replacement: string;
  /** Why no test can tell the mutant from the solution. */
  reason: string;
}

export interface Survivor {
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  status: 'Survived' | 'NoCoverage';
  /** The recorded reason, when the survivor is a known equivalent mutant. */
  equivalent?: string;
}

export interface ChapterScore {
  chapter: string;
  mutants: number;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  /** Mutants that broke the code before a test ran (not counted in the score, as Stryker does). */
  invalid: number;
  /** Detected / (detected + undetected), in percent, as Stryker reports it. */
  score: number;
  survivors: Survivor[];
  seconds: number;
}

/** The code a mutant replaced, from the file's text and Stryker's 1-based lines and columns (end exclusive). */
export function originalCode(source: string, { start, end }: MutantOutcome['location']): string {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1]!.slice(start.column - 1, end.column - 1);
  return [
    lines[start.line - 1]!.slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    lines[end.line - 1]!.slice(0, end.column - 1),
  ].join('\n');
}

export function chapterScore(
  chapter: string,
  results: readonly MutantOutcome[],
  read: (file: string) => string,
  equivalents: readonly EquivalentMutant[],
  seconds: number,
): ChapterScore {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const [killed, timedOut, survived, noCoverage] = ['Killed', 'Timeout', 'Survived', 'NoCoverage'].map(count) as [
    number,
    number,
    number,
    number,
  ];
  const detected = killed + timedOut;
  const valid = detected + survived + noCoverage;
  const survivors = results
    .filter((r) => r.status === 'Survived' || r.status === 'NoCoverage')
    .map((r): Survivor => {
      const original = originalCode(read(r.fileName), r.location);
      const known = equivalents.find(
        (e) =>
          e.file === r.fileName &&
          e.mutator === r.mutatorName &&
          e.original === original &&
          e.replacement === r.replacement,
      );
      return {
        file: r.fileName,
        line: r.location.start.line,
        mutator: r.mutatorName,
        original,
        replacement: r.replacement,
        status: r.status as Survivor['status'],
        ...(known ? { equivalent: known.reason } : {}),
      };
    });
  return {
    chapter,
    mutants: results.length,
    killed,
    timedOut,
    survived,
    noCoverage,
    invalid: results.length - valid,
    score: valid ? Math.floor((detected / valid) * 10000) / 100 : 100,
    survivors,
    seconds,
  };
}

/** The minimum score every chapter must reach (issue 10). */
export const MIN_SCORE = 95;

/** What is wrong with a chapter's result: a score below the minimum, or a survivor nobody explained. */
export function scoreProblems(score: ChapterScore): string[] {
  const problems = score.survivors
    .filter((s) => !s.equivalent)
    .map((s) => `${s.file}:${s.line} ${s.mutator} survives: ${oneLine(s.original)} → ${oneLine(s.replacement)}`);
  if (score.score < MIN_SCORE) problems.unshift(`${score.chapter}: score ${score.score}% is below ${MIN_SCORE}%`);
  return problems;
}

const oneLine = (code: string) => cut(code.replace(/\s+/g, ' ').trim(), 80);

/** The table `npm run mutation` prints, one row per chapter. */
export function scoreTable(scores: readonly ChapterScore[]): string[] {
  const header = ['chapter', 'mutants', 'killed', 'timeout', 'survived', 'no cov', 'equivalent', 'score', 'time'];
  const rows = scores.map((s) => [
    s.chapter,
    String(s.mutants),
    String(s.killed),
    String(s.timedOut),
    String(s.survived),
    String(s.noCoverage),
    String(s.survivors.filter((v) => v.equivalent).length),
    `${s.score.toFixed(2)}%`,
    `${Math.round(s.seconds)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((cells) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
