/**
 * The evidence of a failed test as a few indented lines under its headline: the input that fails
 * it, the expected and received values (or their diff) when the message does not already show
 * them, and the learner's line of code where it threw or where the parser stopped.
 */
import type { Evidence } from './evidence';
import { readableValues } from './readable';

/** Values compared as chai and vitest print them: `+0` and `0` alike, spaces ignored. */
const plain = (text: string) =>
  readableValues(text.replace(/\+0\b/g, '0'), Number.POSITIVE_INFINITY).replace(/\s/g, '');

/** The lines under a test's headline; none when the headline already says everything. */
export function evidenceLines(evidence: Evidence | undefined): string[] {
  if (!evidence) return [];
  const lines: string[] = [];
  if (evidence.counterexample) lines.push(`input: ${evidence.counterexample}`);
  const shown = (value: string) => plain(evidence.message).includes(plain(value));
  if (evidence.expected !== undefined && evidence.received !== undefined) {
    if (!shown(evidence.expected) || !shown(evidence.received))
      lines.push(`expected ${evidence.expected}, received ${evidence.received}`);
  } else if (evidence.diff?.length) lines.push('expected (-) and received (+):', ...evidence.diff.map((l) => `  ${l}`));
  if (evidence.at) lines.push(`at ${evidence.at}${evidence.code ? `: ${evidence.code}` : ''}`);
  return lines;
}
