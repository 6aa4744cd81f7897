/**
 * `npm run verify`: the repository's own gate. Type-checks; runs every kata and library test on
 * the solutions with coverage; runs the kata tests on the stubs, which must all fail with the
 * not-implemented error; checks the manifest, lint and format. Ends with `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { loadManifest, REPO_ROOT } from '../lib/manifest';
import { describeLongLine, longLinesIn, MAX_LINE_LENGTH } from '../lib/verify/line-length';
import { checkStubs } from '../lib/verify/stub-check';
import { manifestProblems } from '../lib/verify/structure';
import { runVitest } from '../lib/verify/vitest-run';

const HELP = `Usage: npm run verify [-- --no-coverage]

  --no-coverage   skip the coverage thresholds (faster while iterating)
  --help          show this help`;

/** The one Biome command of the gate; package.json's `lint` script runs the same. */
const BIOME_CI = ['ci', '--error-on-warnings', '--reporter=summary', '.'];

const tally = { passed: 0, failed: 0 };
const record = (ok: boolean, count = 1) => {
  if (ok) tally.passed += count;
  else tally.failed += count;
};

function stage(title: string): () => string {
  console.log(`\n== ${title}`);
  const start = Date.now();
  return () => `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function typeCheck(): void {
  const done = stage('type-check (tsc --noEmit)');
  const tsc = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', REPO_ROOT],
    { stdio: 'inherit' },
  );
  record(tsc.status === 0);
  console.log(tsc.status === 0 ? `type-check ok (${done()})` : 'type-check FAILED');
}

/**
 * Biome's formatter and linter over the whole tree, warnings included, then the line-length limit that
 * Biome leaves to strings and comments: exactly what `npm run lint` runs.
 */
function lintAndFormat(): void {
  const done = stage('lint and format (biome ci, line length)');
  const biome = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/@biomejs/biome/bin/biome'), ...BIOME_CI],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  record(biome.status === 0);
  console.log(
    biome.status === 0
      ? `lint and format ok (${done()})`
      : 'lint or format FAILED: run `npm run format`, then `npm run lint`',
  );
  const long = longLinesIn();
  record(long.length === 0);
  for (const l of long) console.log(describeLongLine(l));
  console.log(
    long.length
      ? `line length FAILED: ${long.length} lines over ${MAX_LINE_LENGTH} characters; wrap them (strings with +)`
      : `every source line within ${MAX_LINE_LENGTH} characters`,
  );
}

function coverageSummary(): string {
  const file = path.join(REPO_ROOT, 'coverage', 'coverage-summary.json');
  if (!existsSync(file)) return 'no coverage summary was written';
  const total = JSON.parse(readFileSync(file, 'utf8')).total as Record<string, { pct: number }>;
  return ['lines', 'statements', 'functions', 'branches'].map((k) => `${k} ${total[k]!.pct}%`).join(', ');
}

function solutionsPass(coverage: boolean): void {
  const done = stage(`solutions: every kata, library and script test passes${coverage ? ', with coverage' : ''}`);
  const run = runVitest(['--project', 'solutions', ...(coverage ? ['--coverage'] : [])]);
  const passed = run.tests.filter((t) => t.status === 'passed').length;
  const failed = run.tests.filter((t) => t.status === 'failed');
  record(true, passed);
  record(false, failed.length + run.brokenFiles.length);
  failed.forEach((t) => console.log(`FAILED on solutions: ${path.relative(REPO_ROOT, t.file)} > ${t.name}`));
  run.brokenFiles.forEach((f) =>
    console.log(`BROKEN test file: ${path.relative(REPO_ROOT, f.file)}: ${f.message.split('\n')[0]}`),
  );
  console.log(`solutions: ${passed} passed, ${failed.length} failed (${done()})`);
  if (coverage) {
    // vitest exits non-zero when tests pass but a coverage threshold (vitest.config.ts) is missed.
    const thresholdsMet = run.exitCode === 0 || failed.length > 0 || run.brokenFiles.length > 0;
    record(thresholdsMet);
    console.log(
      `coverage of lib/ and solutions/: ` +
        `${coverageSummary()}${thresholdsMet ? '' : ' — BELOW the thresholds in vitest.config.ts'}`,
    );
  }
}

function stubsFail(): void {
  const done = stage('stubs: every kata test fails on an untouched stub, with the not-implemented error');
  const run = runVitest(['--project', 'katas'], { quiet: true });
  for (const verdict of checkStubs(loadManifest(), run.tests)) {
    if (verdict.state === 'changed') {
      console.log(`${verdict.kata}: changed since it was shipped (solved?), left out of the stub check`);
      continue;
    }
    record(verdict.state === 'checked', Math.max(verdict.tests, 1));
    if (verdict.state === 'checked') console.log(`${verdict.kata}: ${verdict.tests} tests fail as a stub should`);
    verdict.problems.forEach((p) => console.log(`${verdict.kata}: PROBLEM ${p}`));
  }
  console.log(`stub check done (${done()})`);
}

async function manifestHolds(): Promise<void> {
  const done = stage('manifest: every kata listed, with its test, hints and a solution with the same exports');
  const problems = await manifestProblems(loadManifest());
  problems.forEach((p) => console.log(`PROBLEM ${p}`));
  record(problems.length === 0);
  console.log(`manifest ${problems.length ? 'has problems' : 'ok'} (${done()})`);
}

runCli(HELP, async () => {
  const { values } = parseArgs({
    options: { 'no-coverage': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void console.log(HELP);
  const start = Date.now();
  typeCheck();
  lintAndFormat();
  await manifestHolds();
  solutionsPass(!values['no-coverage']);
  stubsFail();
  console.log(`\nverify finished in ${((Date.now() - start) / 1000).toFixed(0)} s`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  if (tally.failed > 0) process.exitCode = 1;
});
