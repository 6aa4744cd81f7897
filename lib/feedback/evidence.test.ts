import { describe, expect, it } from 'vitest';
import { capturedGrades } from '../../fixtures/feedback/reports';
import { evidenceLines } from './evidence-lines';
import { evidenceOf, headline, kataLocation, loadEvidenceOf, parseFailureText } from './evidence';
import { oneLine, readableNumber, readableValues, stripAnsi, unaliasImports } from './readable';

/** The grade of the captured test whose name contains `test`. */
const grade = (report: string, test: string, read?: (file: string) => string | undefined) => {
  const found = capturedGrades(report, read).find((t) => t.name.includes(test));
  if (!found) throw new Error(`no test '${test}' in ${report}`);
  return found;
};

describe('evidence: what a failed test showed, from vitest’s report', () => {
  it('should keep the assertion’s own message from inside a fast-check property, not "Property failed"', () => {
    const t = grade('ch1-loss-mean', 'plain-JS sum of squared differences');
    expect(t.message).toMatch(/^element 0: got 0\.0000100\d*, the plain-JS reference says 0\.0000200/);
    expect(t.evidence?.errorClass).toBe('AssertionError');
  });

  it('should give fast-check’s counterexample, numbers readable, and the seed that replays it', () => {
    const e = grade('ch1-loss-mean', 'plain-JS sum of squared differences').evidence!;
    expect(e.counterexample).toBe('[[[0,0],[0,~0.00447214]]]');
    expect(e.seed).toBe('20180311');
  });

  it('should collapse a wall of one value in a counterexample', () => {
    const e = grade('ch1-model-elementwise', 'linear in w').evidence!;
    expect(e.counterexample).toMatch(/"x":\[0 ×40\]/);
    expect(e.counterexample!.length).toBeLessThan(120);
  });

  it('should show expected and received values that the message cuts short', () => {
    const e = grade('ch1-model-swapped-product', 'one prediction per row').evidence!;
    expect([e.expected, e.received]).toEqual(['[ 1, 1 ]', '[ 2, 2 ]']);
  });

  it('should turn a long expected/received pair into a trimmed diff without colour codes', () => {
    const e = grade('ch1-model-elementwise', 'linear in w').evidence!;
    expect(e.diff!.length).toBeLessThanOrEqual(13);
    expect(e.diff!.at(-1)).toMatch(/^… \d+ more lines$/);
    expect(e.diff!.join('\n').includes('\u001b')).toBe(false);
  });

  it('should point at the learner’s line where their code threw, and quote it', () => {
    const code = 'export function predict(x, w) {\n  return tf.matMul(w, x);\n}';
    const read = (file: string) => (file === 'katas/ch1-temperatures/model.ts' ? code : undefined);
    const e = grade('ch1-model-swapped-product', 'leave no tensor', read).evidence!;
    expect(e.at).toBe('katas/ch1-temperatures/model.ts:11:13');
    expect(e.message).toMatch(/^Error in matMul: inner shapes \(1\) and \(2\)/);
    // The captured run's line 11 is past the end of this short source: then no code is quoted.
    expect(e.code).toBeUndefined();
    const lines = Array.from({ length: 11 }, (_, i) => (i === 10 ? '  return tf.matMul(w, x);' : ''));
    expect(grade('ch1-model-swapped-product', 'leave no tensor', () => lines.join('\n')).evidence?.code).toBe(
      'return tf.matMul(w, x);',
    );
  });

  it('should give file:line:column and the offending line of a file that does not load', () => {
    const [t] = capturedGrades('ch1-data-syntax-error');
    expect(t!.message).toBe(
      'does not load: katas/ch1-temperatures/data.ts:27:86: SyntaxError: Expected `,` or `)` but found `;`',
    );
    expect(t!.evidence?.code).toBe(
      'const rows = months.map((m) => Array.from({ length: degree + 1 }, (_, n) => m ** n);',
    );
  });

  it('should name the learner’s function, not vitest’s import alias', () => {
    expect(grade('ch1-model-missing-export', 'leave no tensor').message).toBe('TypeError: predict is not a function');
  });

  it('should keep the test’s own explanation in front of the assertion', () => {
    expect(grade('ch1-loss-no-tidy', 'leave no tensor').message).toMatch(
      /^tensors leaked: 2 were left alive; wrap intermediate tensor maths in tf\.tidy\(\.\.\.\): expected 2 to be \+0/,
    );
  });

  it('should keep every message readable in length', () => {
    for (const report of ['ch2-train-no-step', 'ch3-network-no-mult', 'ch1-model-elementwise'])
      for (const t of capturedGrades(report)) expect(t.message.length).toBeLessThanOrEqual(300);
  });

  it('should record nothing for a passing test or an untouched stub', () => {
    for (const t of capturedGrades('ch1-loss-stub'))
      expect(t).toEqual({ name: t.name, status: 'not started', message: expect.any(String) });
  });
});

describe('evidence lines on the screen', () => {
  it('should show the input, the values the message lacks and the learner’s line', () => {
    const lines = evidenceLines({
      errorClass: 'AssertionError',
      message: 'expected [ …(5) ] to deeply equal [ …(5) ]',
      counterexample: '[1,2]',
      expected: '[ 1, 2, 3, 4, 5 ]',
      received: '[ 1, 2, 3, 4, 6 ]',
      at: 'katas/ch1-temperatures/data.ts:3:1',
      code: 'return x;',
    });
    expect(lines).toEqual([
      'input: [1,2]',
      'expected [ 1, 2, 3, 4, 5 ], received [ 1, 2, 3, 4, 6 ]',
      'at katas/ch1-temperatures/data.ts:3:1: return x;',
    ]);
  });

  it('should not repeat values the message already shows', () => {
    expect(evidenceLines(grade('ch1-model-swapped-product', 'plain-JS product').evidence)).toEqual([
      expect.stringMatching(/^input: \[\{"n":1,"k":2/),
    ]);
  });

  it('should show a diff line by line', () => {
    const lines = evidenceLines(grade('ch1-model-elementwise', 'linear in w').evidence);
    expect(lines[1]).toBe('expected (-) and received (+):');
    expect(lines.slice(2).every((l) => l.startsWith('  '))).toBe(true);
  });
});

describe('parsing failure texts', () => {
  it('should read an error’s class and message from a stack', () => {
    expect(parseFailureText('TypeError: x is not a function\n    at f (a.ts:1:1)')).toEqual({
      errorClass: 'TypeError',
      message: 'x is not a function',
      counterexample: undefined,
      seed: undefined,
    });
  });
  it('should call a plain fast-check "Got error" an Error', () => {
    expect(parseFailureText('Error: Property failed\nGot error: boom\n    at x').errorClass).toBe('Error');
  });
  it('should find a location in a kata file but never in a test file', () => {
    expect(
      kataLocation('at katas/ch1-temperatures/data.test.ts:3:4\nat /x/katas/ch1-temperatures/data.ts:5:6'),
    ).toEqual({ file: 'katas/ch1-temperatures/data.ts', line: 5, column: 6 });
    expect(kataLocation('at /x/lib/testing/tensors.ts:5:6')).toBeUndefined();
  });
  it('should read a load failure without a code frame', () => {
    const e = loadEvidenceOf(
      "SyntaxError: The requested module './data' does not provide an export named 'featureMatrix'",
    );
    expect(headline(e)).toBe(
      "SyntaxError: The requested module './data' does not provide an export named 'featureMatrix'",
    );
  });
  it('should read a message with no error head as a plain error', () => {
    expect(evidenceOf({ failureMessages: ['something odd'] })).toEqual({
      errorClass: 'Error',
      message: 'something odd',
    });
  });
});

describe('readable output', () => {
  it('should shorten long numbers and mark them, and leave short ones alone', () => {
    expect(readableNumber('0.30000000000000004')).toBe('~0.3');
    expect(readableNumber('5e-324')).toBe('5e-324');
    expect(readableNumber('12')).toBe('12');
    expect(readableNumber('1.5')).toBe('1.5');
  });
  it('should collapse runs of a value and keep short runs', () => {
    expect(readableValues('[[0,5e-324,5e-324,5e-324,5e-324],0]')).toBe('[[0,5e-324 ×4],0]');
    expect(readableValues('[0.5, 0.5]')).toBe('[0.5, 0.5]');
  });
  it('should cut a long text and mark the cut', () => {
    expect(readableValues(`[${'1,2,'.repeat(200)}3]`, 20)).toHaveLength(20);
  });
  it('should put a pretty-printed value on one line and strip colour', () => {
    expect(oneLine('\u001b[32m[\n  1,\n  2,\n]\u001b[39m')).toBe('[ 1, 2 ]');
    expect(stripAnsi('\u001b[31m+ 2\u001b[39m')).toBe('+ 2');
  });
  it('should undo vitest’s import aliases', () => {
    expect(unaliasImports('(0 , __vite_ssr_import_4__.squaredErrorLoss)(...).dataSync is not a function')).toBe(
      'squaredErrorLoss(...).dataSync is not a function',
    );
  });
});
