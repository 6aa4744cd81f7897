import { describe, expect, it } from 'vitest';
import { chapterScore, MIN_SCORE, originalCode, scoreProblems, scoreTable, type MutantOutcome } from './score';

const SOURCE = 'const a = 1;\nif (x > 0) return y;\n';
const at = (line: number, start: number, end: number) => ({
  start: { line, column: start },
  end: { line, column: end },
});
const mutant = (status: string, mutatorName = 'EqualityOperator', replacement = 'x >= 0'): MutantOutcome => ({
  fileName: 'solutions/ch9/x.ts',
  mutatorName,
  replacement,
  status,
  location: at(2, 5, 10),
});

describe('mutation scores', () => {
  it("should cut the mutated code out of the source by Stryker's 1-based lines and columns", () => {
    expect(originalCode(SOURCE, at(2, 5, 10))).toBe('x > 0');
    expect(originalCode(SOURCE, { start: { line: 1, column: 11 }, end: { line: 2, column: 3 } })).toBe('1;\nif');
  });

  it('should score detected over valid mutants, as Stryker does, leaving out the ones that did not compile', () => {
    const results = ['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError'].map((s) => mutant(s));
    const score = chapterScore('ch9', results, () => SOURCE, [], 12);
    expect(score).toMatchObject({
      mutants: 6,
      killed: 2,
      timedOut: 1,
      survived: 1,
      noCoverage: 1,
      invalid: 1,
      score: 60,
    });
    expect(score.survivors.map((s) => [s.line, s.original, s.status])).toEqual([
      [2, 'x > 0', 'Survived'],
      [2, 'x > 0', 'NoCoverage'],
    ]);
  });

  it('should accept a survivor explained as equivalent, and report any other and a low score', () => {
    const equivalent = {
      file: 'solutions/ch9/x.ts',
      mutator: 'EqualityOperator',
      original: 'x > 0',
      replacement: 'x >= 0',
      reason: 'x is never 0',
    };
    const results = [...Array.from({ length: 19 }, () => mutant('Killed')), mutant('Survived')];
    const explained = chapterScore('ch9', results, () => SOURCE, [equivalent], 1);
    expect([explained.score, explained.survivors[0]!.equivalent, scoreProblems(explained)]).toEqual([
      95,
      'x is never 0',
      [],
    ]);
    const other = chapterScore(
      'ch9',
      [mutant('Killed'), mutant('Survived', 'ConditionalExpression', 'true')],
      () => SOURCE,
      [equivalent],
      1,
    );
    expect(scoreProblems(other)).toEqual([
      `ch9: score 50% is below ${MIN_SCORE}%`,
      'solutions/ch9/x.ts:2 ConditionalExpression survives: x > 0 → true',
    ]);
  });

  it('should print one row per chapter', () => {
    const score = chapterScore('ch9', [mutant('Killed')], () => SOURCE, [], 61.4);
    expect(scoreTable([score])).toEqual([
      'chapter  mutants  killed  timeout  survived  no cov  equivalent    score  time',
      'ch9            1       1        0         0       0           0  100.00%  61 s',
    ]);
  });
});
