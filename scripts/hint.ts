/**
 * `npm run hint -- <chapter> <kata>`: one more of the kata's hints each time, and advice that
 * reacts to how its tests fail right now (NaN loss, loss not falling, shapes, leaks …).
 */
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { UserError } from '../lib/errors';
import { findChapter, findKata, kataLabel, loadManifest } from '../lib/manifest';
import { diagnose } from '../lib/feedback/diagnose';
import { evidenceLines } from '../lib/feedback/evidence-lines';
import { formatHints, revealNextHint } from '../lib/learner/hints';
import { runKata } from '../lib/learner/kata-run';
import { loadState, saveState } from '../lib/learner/state';

const HELP = `Usage: npm run hint -- <chapter> <kata> [--no-run]

Shows one more hint for the kata each time you ask, after advice drawn from how its tests fail now.

  --no-run   skip running the tests (hints only)
  --help     show this help`;

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'no-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void console.log(HELP);
  const manifest = loadManifest();
  if (positionals.length !== 2)
    throw new UserError(
      `Name the chapter and the kata, e.g. npm run hint -- ${manifest.chapters[0]?.id ?? 'ch1'} ` +
        `${manifest.chapters[0]?.katas[0]?.name ?? 'data'}.\n\n${HELP}`,
      2,
    );
  const chapter = findChapter(manifest, positionals[0]!);
  const kata = findKata(chapter, positionals[1]!);
  if (!values['no-run']) {
    const result = await runKata(chapter, kata);
    const failing = result.tests.filter((t) => t.status !== 'pass');
    if (result.status === 'pass')
      console.log(
        `${kataLabel(chapter, kata)} already passes: npm run kata -- --solution ${chapter.id} ${kata.name} ` +
          'shows the reference beside yours.',
      );
    else {
      console.log(`${kataLabel(chapter, kata)}: ${failing.length} of ${result.tests.length} tests do not pass yet.`);
      const first = failing[0]!;
      console.log(`First: ${first.name}`);
      [first.message, ...evidenceLines(first.evidence)].forEach((l) => console.log(`  ${l}`));
      const diagnosis = diagnose(failing);
      if (diagnosis) console.log(`What the failures suggest (${diagnosis.kind}): ${diagnosis.advice}`);
    }
  }
  const state = loadState();
  formatHints(revealNextHint(state, chapter, kata)).forEach((l) => console.log(l));
  saveState(state);
});
