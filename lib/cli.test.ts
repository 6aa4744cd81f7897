import { describe, expect, it } from 'vitest';
import { attachNegativeValues, explain, listFlag, wholeNumberFlag } from './cli';
import { DivergedError, UserError } from './errors';
import { parseArgs } from 'node:util';

const HELP = 'Usage: test';

function parseError(args: string[]): unknown {
  try {
    parseArgs({ args, options: { steps: { type: 'string' } } });
  } catch (error) {
    return error;
  }
  throw new Error('expected parseArgs to fail');
}

describe('explain', () => {
  it('should print a UserError as its sentence with its exit code and no stack', () => {
    expect(explain(new UserError('Do this.', 2), HELP)).toEqual({ message: 'Do this.', exitCode: 2 });
  });

  it('should turn an unknown flag into one sentence plus the help, exit 2', () => {
    const { message, exitCode, stack } = explain(parseError(['--bogus']), HELP);
    expect(message).toBe(`Unknown option '--bogus'.\n\n${HELP}`);
    expect(exitCode).toBe(2);
    expect(stack).toBeUndefined();
  });

  it('should tell a diverged run what to change', () => {
    expect(explain(new DivergedError(12, Number.NaN), HELP).message).toMatch(
      /^Training diverged: the loss became NaN at step 12\. Lower the learning rate/,
    );
  });

  it('should keep the stack of a real bug, which a maintainer needs', () => {
    const explained = explain(new TypeError('boom'), HELP);
    expect(explained.message).toBe('Unexpected error: boom');
    expect(explained.stack).toContain('TypeError: boom');
  });
});

describe('attachNegativeValues', () => {
  it('should join a flag with a negative number after it', () => {
    expect(attachNegativeValues(['ch1', '--steps', '-1', '--out', 'x'])).toEqual(['ch1', '--steps=-1', '--out', 'x']);
  });

  it('should leave flags, values and positionals alone otherwise', () => {
    const args = ['ch1', '--steps=5', '--json', 'r.json', '-h', '--verbose'];
    expect(attachNegativeValues(args)).toEqual(args);
  });
});

describe('list flags', () => {
  const ALLOWED = ['ch4', 'ch5'] as const;

  it('should read a comma-separated list of allowed items, spaces and empty items ignored', () => {
    expect(listFlag('chapters', 'ch5, ch4,', ALLOWED)).toEqual(['ch5', 'ch4']);
  });

  it('should refuse an unknown item or an empty list in one sentence with exit code 2', () => {
    for (const value of ['ch4,ch9', ','])
      expect(() => listFlag('chapters', value, ALLOWED)).toThrow(
        expect.objectContaining({
          message: `--chapters takes a comma-separated list from ch4, ch5; got '${value}'.`,
          exitCode: 2,
        }),
      );
  });
});

describe('whole-number flags', () => {
  it('should accept whole numbers from the bound up', () => {
    expect([
      wholeNumberFlag('jobs', '1', 1),
      wholeNumberFlag('warmup', '0', 0),
      wholeNumberFlag('jobs', '12', 1),
    ]).toEqual([1, 0, 12]);
  });

  it('should refuse fractions, words, blanks and numbers under the bound in one sentence naming the flag', () => {
    for (const bad of ['0', '1.5', 'two', '', ' ', '-3', '1e400']) {
      expect(() => wholeNumberFlag('jobs', bad, 1)).toThrow(`--jobs must be a whole number ≥ 1, got '${bad}'.`);
    }
    expect(() => wholeNumberFlag('interval', '10', 50, 'of milliseconds')).toThrow(
      "--interval must be a whole number of milliseconds ≥ 50, got '10'.",
    );
  });
});
