/**
 * The frame every script runs in: bad input becomes one sentence and an exit code, never a stack
 * trace; a real bug still shows its stack, because then the trace is what a maintainer needs.
 */
import { DivergedError, UserError } from './errors';

const PARSE_ERROR_CODES = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

/** Turns any error into what the user should read, and the exit code. */
export function explain(error: unknown, help: string): { message: string; exitCode: number; stack?: string } {
  if (error instanceof UserError) return { message: error.message, exitCode: error.exitCode };
  const code = (error as { code?: string }).code;
  if (code && PARSE_ERROR_CODES.has(code)) {
    const reason = (error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '');
    return { message: `${reason}.\n\n${help}`, exitCode: 2 };
  }
  if (error instanceof DivergedError) {
    return {
      message:
        `Training diverged: ${error.message}. Lower the learning rate or check that the loss is computed ` +
        `stably (see the chapter's README).`,
      exitCode: 1,
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { message: `Unexpected error: ${e.message}`, exitCode: 1, stack: e.stack };
}

/** Runs a script's main function and exits with the right code. */
export function runCli(help: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const { message, exitCode, stack } = explain(error, help);
    console.error(message);
    if (stack) console.error(stack);
    process.exitCode = exitCode;
  });
}

/**
 * `--steps -1` would make parseArgs complain about an "ambiguous" value; joining it as
 * `--steps=-1` lets the flag's own validation say what is wrong with it.
 */
export function attachNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * A flag that takes a whole number of at least `min` (`--steps 40`, `--jobs 2`), or a UserError
 * naming the flag, the bound and what was given. `unit` reads after the number: `of milliseconds`.
 */
/** A comma-separated flag whose every item must be one of `allowed`; one sentence with exit code 2 otherwise. */
export function listFlag<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (bad.length || items.length === 0)
    throw new UserError(`--${flag} takes a comma-separated list from ${allowed.join(', ')}; got '${value}'.`, 2);
  return items as T[];
}

export function wholeNumberFlag(flag: string, value: string, min: number, unit = ''): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new UserError(`--${flag} must be a whole number${unit ? ` ${unit}` : ''} ≥ ${min}, got '${value}'.`, 2);
  }
  return n;
}
