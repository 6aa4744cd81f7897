/** The learner's and instructor's CLIs: help, one-sentence errors with exit codes, and a real run each. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/manifest';

const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const cli = (script: string, ...args: string[]) => {
  const run = spawnSync(process.execPath, [tsx, path.join(REPO_ROOT, 'scripts', `${script}.ts`), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, KATA_STATE_FILE: path.join(tmpdir(), `tools-test-state-${process.pid}.json`) },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
};

describe('the tools’ command lines', () => {
  it.each(['kata', 'hint', 'reset', 'grade', 'report', 'plot', 'mutation'])('should print help for %s', (script) => {
    const { code, out } = cli(script, '--help');
    expect([code, out]).toEqual([0, expect.stringMatching(/^Usage: npm run /)]);
  });

  it('should answer bad input with one sentence and exit code 2, never a stack trace', () => {
    const results = [
      cli('hint', 'ch1', 'nope'),
      cli('reset', 'ch99'),
      cli('grade', '--jobs', '0'),
      cli('kata', '--solution', 'ch1'),
    ];
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]!.err).toMatch(/^Unknown kata 'nope' in ch1; choose one of: data/);
    expect(results[1]!.err).toMatch(/^Unknown chapter 'ch99'/);
    expect(results.every((r) => !/\n\s+at /.test(r.err))).toBe(true);
  });

  it('should refuse to reset without a confirmation when not in a terminal', () => {
    const ch1 = JSON.parse(readFileSync(path.join(REPO_ROOT, 'katas/manifest.json'), 'utf8')).chapters[0];
    const { code, out } = cli('reset', 'ch1', ch1.katas[0].name);
    expect([code, out]).toEqual([0, `ch1/${ch1.katas[0].name} is already pristine\n`]);
  });

  it('should tell the learner which kata to finish before plotting', () => {
    const { code, err } = cli('plot', 'ch1', '--steps', '10');
    expect([code, err.trim()]).toEqual([1, expect.stringMatching(/^Finish ch1\/data first/)]);
  });

  it('should build the report pages', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'report-cli-'));
    try {
      const { code, out: stdout } = cli('report', '--out', out, '--results', path.join(out, 'none'));
      expect(code).toBe(0);
      expect(stdout).toMatch(/ch1: not run yet[\s\S]*wrote \d+ pages/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('should say when a submissions folder holds no learner', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'submissions-empty-'));
    try {
      const { code, err } = cli('grade', '--submissions', empty);
      expect([code, err.trim()]).toEqual([2, `--submissions ${empty} holds no learner folders.`]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
