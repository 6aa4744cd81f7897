/**
 * The numbers of a chapter's run beside the book's, as HTML tables: the loss (and accuracy) log at
 * the book's steps, the parameters, and the band checks that `npm run solve` wrote.
 */
import type { ChapterResult, RunRecord } from '../run/types';
import { escapeHtml, row, tag } from './html';

interface BookBand {
  book?: { log?: { step: number; loss?: number; accuracy?: number }[]; [params: string]: unknown };
}

/** Rows of the log shown: the book's logged steps when it has them, else at most this many evenly spaced. */
const MAX_LOG_ROWS = 10;

const num = (v: number | undefined) =>
  v === undefined ? '' : Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(6) : v.toExponential(4);

function logTable(run: RunRecord): string {
  const book = (run.band as BookBand | undefined)?.book?.log ?? [];
  const byStep = new Map(book.map((e) => [e.step, e]));
  let rows = run.log.filter((e) => byStep.has(e.step));
  if (!rows.length)
    rows = run.log.filter(
      (_, i) => i % Math.max(1, Math.ceil(run.log.length / MAX_LOG_ROWS)) === 0 || i === run.log.length - 1,
    );
  const accuracy = run.log.some((e) => e.accuracy !== undefined);
  const head = row(['step', 'loss', "book's loss", ...(accuracy ? ['accuracy', "book's accuracy"] : [])], 'th');
  const body = rows.map((e) => {
    const b = byStep.get(e.step);
    return row([String(e.step), num(e.loss), num(b?.loss), ...(accuracy ? [num(e.accuracy), num(b?.accuracy)] : [])]);
  });
  return `<table class="numbers">${head}${body.join('')}</table>`;
}

function paramsTable(run: RunRecord): string {
  const book = (run.band as BookBand | undefined)?.book ?? {};
  const rows = Object.entries(run.params ?? {}).flatMap(([name, values]) => {
    const reference = Array.isArray(book[name]) ? (book[name] as number[]) : [];
    return values.map(
      (v, i) => `<tr><td>${escapeHtml(name)}[${i}]</td><td>${num(v)}</td><td>${num(reference[i])}</td></tr>`,
    );
  });
  return rows.length
    ? `<table class="numbers"><tr><th>parameter</th><th>ours</th><th>book</th></tr>${rows.join('')}</table>`
    : '';
}

export function numbersHtml(result: ChapterResult): string {
  const runs = result.runs.map((run) => {
    const checks = run.checks
      .map((c) => `<li class="${/OUT OF BAND/.test(c) ? 'bad' : 'ok'}">${escapeHtml(c)}</li>`)
      .join('');
    const verdict = run.pass ? 'within the bands' : tag('span', 'out of band', 'class="bad"');
    const heading = tag('h3', `${escapeHtml(run.name)}: ${run.steps} steps — ${verdict}`);
    return tag(
      'section',
      `${heading}${logTable(run)}${paramsTable(run)}${tag('ul', checks, 'class="checks"')}`,
      'class="run"',
    );
  });
  const verdict = result.pass ? 'every number within its band' : tag('span', 'some numbers out of band', 'class="bad"');
  const backend = tag('code', escapeHtml(result.backend));
  return `${tag('p', `Run on ${backend} in ${result.seconds.toFixed(1)} s: ${verdict}.`)}${runs.join('')}`;
}
