/** `npm run reset -- <chapter> [kata] [--yes]`: restores pristine stubs from git, after a confirmation. */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { UserError } from '../lib/errors';
import { findChapter, loadManifest } from '../lib/manifest';
import { katasToReset, resetKatas } from '../lib/learner/reset';

const HELP = `Usage: npm run reset -- <chapter> [kata] [--yes]

Restores the stub of one kata, or of every kata of the chapter, as shipped (read from git).
Your changes to those files are lost.

  --yes    do not ask for confirmation (scripts, tests)
  --help   show this help`;

async function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UserError('Reset needs a confirmation; run it in a terminal, or add --yes.', 2);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { yes: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void console.log(HELP);
  if (positionals.length < 1 || positionals.length > 2)
    throw new UserError(`Name a chapter, and optionally one kata.\n\n${HELP}`, 2);
  const chapter = findChapter(loadManifest(), positionals[0]!);
  const katas = katasToReset(chapter, positionals[1]);
  await resetKatas(chapter, katas, values.yes ? async () => true : ask, (l) => console.log(l));
});
