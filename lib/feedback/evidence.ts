/**
 * The evidence of a failed test, read from what vitest reported: the error's class and its own
 * message (the assertion's text, with the test's explanation in front), fast-check's smallest
 * failing input and the seed that replays it, the expected and received values or their diff, and
 * the place in the learner's file where an error was thrown, with that line of code. A file that
 * does not load gets the same: the parser's message, `file:line:column` and the offending line.
 *
 * Everything here is a pure function of the report's text; reading the learner's source line is
 * passed in, so the same code serves `kata`, `hint` and `grade` and is tested on captured reports.
 */
import { cut, oneLine, readableValues, stripAnsi, unaliasImports } from './readable';

/** A failed assertion's values, as vitest prepared them: strings, a diff with colour codes. */
export interface RecordedEvidence {
  expected?: string;
  actual?: string;
  diff?: string;
}

/** A dozen-row diff fits; the evidence trims further for the screen. */
const RECORDED_CHARS = 4000;

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, RECORDED_CHARS) : undefined);

/**
 * The values of the innermost error (through `cause`) that carries expected and received values:
 * the assertion itself, also when fast-check reports it as the cause of its own error.
 */
export function assertionOf(error: unknown, depth = 0): RecordedEvidence | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const e = error as { expected?: unknown; actual?: unknown; diff?: unknown; cause?: unknown };
  const inner = assertionOf(e.cause, depth + 1);
  if (inner) return inner;
  if (typeof e.diff !== 'string' && typeof e.expected !== 'string') return undefined;
  return { expected: text(e.expected), actual: text(e.actual), diff: text(e.diff) };
}

export interface Evidence {
  /** `AssertionError`, `TypeError`, `DivergedError`, `Error`, or `SyntaxError` for a file that does not load. */
  errorClass: string;
  /** The assertion's or the error's own message, on one line and trimmed. */
  message: string;
  /** fast-check's smallest failing input, numbers readable. */
  counterexample?: string;
  /** fast-check's seed for `FC_SEED=… npm test`, which replays the same inputs. */
  seed?: string;
  expected?: string;
  received?: string;
  /** Expected/received as diff lines (`- 1`, `+ 2`), when the values do not fit on a line. */
  diff?: string[];
  /** Where the learner's code threw, or where the parser stopped: `katas/ch1-temperatures/model.ts:11:13`. */
  at?: string;
  /** That line of the learner's file, trimmed. */
  code?: string;
}

/** What vitest reports for one failed test (its JSON reporter's failure messages and meta). */
export interface ReportedFailure {
  failureMessages: readonly string[];
  meta?: { evidence?: RecordedEvidence };
}

/** Reads a learner's file by its path relative to the repository root (`katas/…`); undefined when it cannot. */
export type SourceReader = (relativePath: string) => string | undefined;

const MESSAGE_CHARS = 300;
const VALUE_CHARS = 160;
const CODE_CHARS = 160;
const DIFF_LINES = 12;

/** `Got AssertionError: …` (fast-check, the error's class), `Got error: …` (a plain Error). */
const FAST_CHECK_GOT = /^Got (error|[A-Z][\w$]*):\s?(.*)$/;
const ERROR_HEAD = /^([A-Z][\w$]*(?:Error|Exception)|Error):\s?(.*)$/;
const STACK_LINE = /^\s+at /;
/** A frame or a location in a learner's kata file (never a test), wherever the repository lies. */
const KATA_LOCATION = /(?:^|[\s(/])(katas\/[\w.-]+\/(?![\w.-]+\.test\.ts)[\w.-]+\.ts):(\d+):(\d+)/;

/** The message lines after the head line, up to the first stack frame or fast-check's hint. */
function messageTail(lines: string[], from: number): string[] {
  const tail: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (STACK_LINE.test(line) || /^Hint: /.test(line)) break;
    tail.push(line);
  }
  return tail;
}

interface ParsedError {
  errorClass: string;
  message: string;
  counterexample?: string;
  seed?: string;
}

/** Splits one failure text (a stack, or fast-check's report) into class, message and counterexample. */
export function parseFailureText(text: string): ParsedError {
  const lines = stripAnsi(text).split('\n');
  const counterexample = lines.find((l) => l.startsWith('Counterexample: '))?.slice('Counterexample: '.length);
  const seed = lines.map((l) => /^\{ seed: (-?\d+)/.exec(l)?.[1]).find(Boolean);
  const gotAt = lines.findIndex((l) => FAST_CHECK_GOT.test(l));
  const headAt = gotAt >= 0 ? gotAt : lines.findIndex((l) => ERROR_HEAD.test(l));
  if (headAt < 0) return { errorClass: 'Error', message: oneLine(lines.filter((l) => !STACK_LINE.test(l)).join('\n')) };
  const head = (gotAt >= 0 ? FAST_CHECK_GOT : ERROR_HEAD).exec(lines[headAt]!)!;
  const errorClass = head[1] === 'error' ? 'Error' : head[1]!;
  const message = [head[2]!, ...messageTail(lines, headAt + 1)].join(' ').replace(/\s+/g, ' ').trim();
  return { errorClass, message, counterexample, seed };
}

/** The first place in a learner's kata file the text mentions, relative to the repository root. */
export function kataLocation(text: string): { file: string; line: number; column: number } | undefined {
  for (const line of stripAnsi(text).split('\n')) {
    const m = KATA_LOCATION.exec(line);
    if (m) return { file: m[1]!, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

function sourceLine(read: SourceReader | undefined, file: string, line: number): string | undefined {
  const text = read?.(file);
  const code = text?.split('\n')[line - 1]?.trim();
  return code ? cut(code, CODE_CHARS) : undefined;
}

function values(recorded: RecordedEvidence | undefined): Pick<Evidence, 'expected' | 'received' | 'diff'> {
  if (!recorded?.expected && !recorded?.diff) return {};
  const expected = recorded.expected === undefined ? undefined : oneLine(recorded.expected);
  const received = recorded.actual === undefined ? undefined : oneLine(recorded.actual);
  if (expected !== undefined && received !== undefined && expected.length + received.length <= VALUE_CHARS)
    return { expected: readableValues(expected), received: readableValues(received) };
  const lines = stripAnsi(recorded.diff ?? '')
    .split('\n')
    .filter((l) => /^[-+] /.test(l) || /^\s{2}\S/.test(l))
    .filter((l) => !/^[-+] (Expected|Received)/.test(l))
    .map((l) => readableValues(l.trimEnd(), VALUE_CHARS));
  const diff =
    lines.length > DIFF_LINES ? [...lines.slice(0, DIFF_LINES), `… ${lines.length - DIFF_LINES} more lines`] : lines;
  return diff.length ? { diff } : {};
}

/** One line for a test's result: the assertion's own message, or the error's class and message. */
export function headline(evidence: Evidence): string {
  const where = evidence.errorClass === 'SyntaxError' && evidence.at ? `${evidence.at}: ` : '';
  // An assertion's message and a plain Error's say it all; another class (TypeError, DivergedError) tells what kind.
  const plain = evidence.errorClass === 'AssertionError' || evidence.errorClass === 'Error';
  return plain && !where ? evidence.message : `${where}${evidence.errorClass}: ${evidence.message}`;
}

/** The evidence of one failed test. */
export function evidenceOf(failure: ReportedFailure, read?: SourceReader): Evidence {
  const text = failure.failureMessages[0] ?? '';
  const parsed = parseFailureText(text);
  const where = kataLocation(failure.failureMessages.join('\n'));
  const code = where && sourceLine(read, where.file, where.line);
  return {
    errorClass: parsed.errorClass,
    message: cut(unaliasImports(parsed.message), MESSAGE_CHARS),
    ...(parsed.counterexample ? { counterexample: readableValues(parsed.counterexample) } : {}),
    ...(parsed.seed ? { seed: parsed.seed } : {}),
    ...values(failure.meta?.evidence),
    ...(where ? { at: `${where.file}:${where.line}:${where.column}` } : {}),
    ...(code ? { code } : {}),
  };
}

/** The parser's first complaint in a load failure: `[PARSE_ERROR] Expected … but found …`, or the error's own line. */
function loadComplaint(lines: string[]): string {
  const detail = lines.find((l) => /^\s*(\[[A-Z_]+\]|ERROR:|✘)/.test(l) || /: ERROR: /.test(l));
  if (detail) return detail.replace(/^.*?(\[[A-Z_]+\]|ERROR:)\s*/, '').trim();
  return lines.find((l) => l.trim())?.trim() ?? 'the file failed to load';
}

/** The evidence of a test file that failed before any test ran: a syntax error, a missing export or module. */
export function loadEvidenceOf(message: string, read?: SourceReader): Evidence {
  const lines = stripAnsi(message).split('\n');
  const transform = /^Transform failed/.test(lines[0] ?? '');
  const head = transform ? null : ERROR_HEAD.exec(lines[0] ?? '');
  const complaint = head ? head[2]! : loadComplaint(lines);
  const where = kataLocation(lines.join('\n'));
  // The parser's code frame shows the line as `27 │ code`; the learner's file says the same when it can be read.
  const framed =
    where &&
    lines
      .map((l) => new RegExp(`^\\s*${where.line}\\s*│\\s?(.*)$`).exec(l)?.[1])
      .find((l) => l !== undefined)
      ?.trim();
  const code = where
    ? (sourceLine(read, where.file, where.line) ?? (framed ? cut(framed, CODE_CHARS) : undefined))
    : undefined;
  return {
    errorClass: transform ? 'SyntaxError' : (head?.[1] ?? 'Error'),
    message: cut(unaliasImports(complaint), MESSAGE_CHARS),
    ...(where ? { at: `${where.file}:${where.line}:${where.column}` } : {}),
    ...(code ? { code } : {}),
  };
}
