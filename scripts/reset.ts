/**
 * `npm run reset -- <chapter> [kata] [--yes]`: restores pristine stubs from git, after a confirmation,
 * keeping the learner's version in .kata-backups/; `npm run reset -- --undo` puts it back.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { UserError } from '../lib/errors';
import { findChapter, loadManifest } from '../lib/manifest';
import { katasToReset, resetKatas, undoReset } from '../lib/learner/reset';

const HELP = `Usage: npm run reset -- <chapter> [kata] [--yes]
       npm run reset -- --undo

Restores the stub of one kata, or of every kata of the chapter, as shipped (read from git).
Your version of each file is kept in .kata-backups/ (git ignores it) and the command says where.

  --yes    do not ask for confirmation (scripts, tests)
  --undo   put back the files the last reset replaced
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
    options: {
      yes: { type: 'boolean', default: false },
      undo: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  if (values.undo) {
    if (positionals.length) throw new UserError(`--undo takes no chapter or kata.\n\n${HELP}`, 2);
    return void undoReset(loadManifest(), (l) => console.log(l));
  }
  if (positionals.length < 1 || positionals.length > 2)
    throw new UserError(`Name a chapter, and optionally one kata.\n\n${HELP}`, 2);
  const chapter = findChapter(loadManifest(), positionals[0]!);
  const katas = katasToReset(chapter, positionals[1]);
  await resetKatas(chapter, katas, values.yes ? async () => true : ask, (l) => console.log(l));
});
