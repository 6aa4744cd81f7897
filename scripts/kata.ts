/**
 * `npm run kata`: the watch mode. Runs the first unfinished kata's tests, shows progress and what to
 * do next, and runs them again on every save. `--solution <chapter> <kata>` shows the reference
 * beside your code once that kata passes.
 */
import { parseArgs } from 'node:util';
import { runCli, wholeNumberFlag } from '../lib/cli';
import { UserError } from '../lib/errors';
import { findChapter, findKata, loadManifest } from '../lib/manifest';
import { runKata } from '../lib/learner/kata-run';
import { startSession } from '../lib/learner/session';
import { solutionView } from '../lib/learner/solution';
import { DEFAULT_WATCH, pollingAdvised } from '../lib/learner/watcher';
import { existsSync, readFileSync } from 'node:fs';

/** The side-by-side view's width when the output is not a terminal and COLUMNS is not set. */
const DEFAULT_COLUMNS = 160;
/** Polling faster than this spends more CPU on checking than on the tests. */
const MIN_POLL_INTERVAL_MS = 50;

const HELP = `Usage: npm run kata [-- --poll] [-- --once] [-- --solution <chapter> <kata>]

Watch mode: finds the first kata that does not pass yet (chapter order), runs its tests on every
save, and shows your progress over all katas. Keys: h hint, r run again, q quit.

  --poll            watch by polling file times (WSL drives, network shares, some containers)
  --interval MS     polling period (default ${DEFAULT_WATCH.intervalMs})
  --once            run the current kata once, print, and exit
  --solution        show the reference solution beside your code (only once the kata passes)
  --help            show this help`;

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      poll: { type: 'boolean', default: false },
      interval: { type: 'string' },
      once: { type: 'boolean', default: false },
      solution: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const manifest = loadManifest();
  if (values.solution) {
    if (positionals.length !== 2)
      throw new UserError(`Name the chapter and the kata: npm run kata -- --solution ch1 data.\n\n${HELP}`, 2);
    const chapter = findChapter(manifest, positionals[0]!);
    const kata = findKata(chapter, positionals[1]!);
    const result = await runKata(chapter, kata);
    const columns = process.stdout.columns ?? (Number(process.env.COLUMNS) || DEFAULT_COLUMNS);
    return void solutionView(chapter, kata, result.status, columns).forEach((l) => console.log(l));
  }
  if (positionals.length) throw new UserError(`Unexpected argument '${positionals[0]}'.\n\n${HELP}`, 2);
  const interval =
    values.interval === undefined
      ? DEFAULT_WATCH.intervalMs
      : wholeNumberFlag('interval', values.interval, MIN_POLL_INTERVAL_MS, 'of milliseconds');
  const procVersion = existsSync('/proc/version') ? readFileSync('/proc/version', 'utf8') : '';
  const poll = values.poll || pollingAdvised(procVersion, process.cwd());
  const tty = process.stdout.isTTY && process.stdin.isTTY;
  const session = startSession({
    manifest,
    once: values.once,
    print: (l) => console.log(l),
    watch: { ...DEFAULT_WATCH, poll, intervalMs: interval },
    clear: tty ? () => console.clear() : undefined,
  });
  await session.ready;
  if (values.once || !tty) return;
  process.stdin.setRawMode(true);
  process.stdin.resume();
  process.stdin.on('data', (key: Buffer) => {
    const k = key.toString();
    if (k === 'q' || k === '\u0003') {
      session.stop();
      process.exit(0);
    }
    if (k === 'h') session.hint();
    if (k === 'r') void session.rerun();
  });
});
