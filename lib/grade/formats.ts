/**
 * The grader's outputs: a score table for people, and JSON, JUnit XML and CSV for machines
 * (a results file per kata and test, as Exercism and CI systems read them).
 */
import { escapeXml } from '../plot/svg';
import type { KataGrade } from './outcome';

export interface GradeSummary {
  points: number;
  maxPoints: number;
  passed: number;
  katas: number;
}

export function summarise(grades: KataGrade[]): GradeSummary {
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    points: round(grades.reduce((s, g) => s + g.points, 0)),
    maxPoints: round(grades.reduce((s, g) => s + g.maxPoints, 0)),
    passed: grades.filter((g) => g.status === 'pass').length,
    katas: grades.length,
  };
}

/** One line per kata: chapter/kata, status, points, tests passed, then the guard notes. */
export function scoreTable(grades: KataGrade[]): string {
  const rows = grades.map((g) => [
    `${g.chapter}/${g.kata}`,
    g.status,
    `${g.points}/${g.maxPoints}`,
    g.tests.length ? `${g.tests.filter((t) => t.status === 'pass').length}/${g.tests.length} tests` : '-',
  ]);
  const header = ['kata', 'status', 'points', 'tests'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const s = summarise(grades);
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push(`total: ${s.points}/${s.maxPoints} points, ${s.passed} of ${s.katas} katas pass`);
  return out.join('\n');
}

export function toJson(grades: KataGrade[], extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...extra, summary: summarise(grades), katas: grades }, null, 2)}\n`;
}

const xml = escapeXml;

/** JUnit XML: a test suite per kata; fail → <failure>, error → <error>, not started → <skipped>. */
export function toJunit(grades: KataGrade[]): string {
  const count = (status: string) => grades.reduce((n, g) => n + g.tests.filter((t) => t.status === status).length, 0);
  const total = grades.reduce((n, g) => n + g.tests.length, 0);
  const suites = grades.map((g) => {
    const cases = g.tests.map((t) => {
      const open = `    <testcase classname="${xml(`${g.chapter}.${g.kata}`)}" name="${xml(t.name)}"`;
      if (t.status === 'pass') return `${open}/>`;
      const tag = t.status === 'fail' ? 'failure' : t.status === 'error' ? 'error' : 'skipped';
      return `${open}>\n      <${tag} message="${xml(t.message || t.status)}"/>\n    </testcase>`;
    });
    const property = (name: string, value: string | number) => `<property name="${name}" value="${value}"/>`;
    const properties = [property('points', g.points), property('maxPoints', g.maxPoints), property('status', g.status)];
    const props = `    <properties>${properties.join('')}</properties>`;
    const stat = (s: string) => g.tests.filter((t) => t.status === s).length;
    return [
      `  <testsuite name="${xml(`${g.chapter}/${g.kata}`)}" tests="${g.tests.length}" failures="${stat('fail')}" ` +
        `errors="${stat('error')}" skipped="${stat('not started')}" time="${g.seconds}">`,
      props,
      ...cases,
      `    <system-out>${xml(g.feedback)}</system-out>`,
      '  </testsuite>',
    ].join('\n');
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="katas" tests="${total}" failures="${count('fail')}" errors="${count('error')}" ` +
      `skipped="${count('not started')}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Text a spreadsheet would run as a formula (`=1+1`, `@SUM(…)`, `-2+3`): it gets a leading quote and stays text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export const csvCell = (value: string | number) => {
  const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per kata: chapter, kata, status, points, max, tests passed, tests, feedback, guard. */
export function toCsv(grades: KataGrade[]): string {
  const header = 'chapter,kata,status,points,max_points,tests_passed,tests,feedback,guard';
  const rows = grades.map((g) =>
    [
      g.chapter,
      g.kata,
      g.status,
      g.points,
      g.maxPoints,
      g.tests.filter((t) => t.status === 'pass').length,
      g.tests.length,
      g.feedback,
      g.guard.join('; '),
    ]
      .map(csvCell)
      .join(','),
  );
  return [header, ...rows, ''].join('\n');
}
