/**
 * `npm run mutation [-- chN …]`: mutation testing of the kata tests (StrykerJS on solutions/).
 * A maintainer's tool, not part of verify: a chapter takes minutes.
 */
import { parseArgs } from 'node:util';
import { runCli, wholeNumberFlag } from '../lib/cli';
import { findChapter, loadManifest } from '../lib/manifest';
import { EQUIVALENTS_FILE, mutateChapter } from '../lib/mutation/run';
import { MIN_SCORE, scoreProblems, scoreTable, type ChapterScore } from '../lib/mutation/score';

const HELP = `Usage: npm run mutation [-- <chapter> …] [--concurrency N]

Mutates the reference solutions of each chapter's katas (StrykerJS) and runs the chapter's kata
tests against every mutant. A surviving mutant is a wrong answer the tests would accept. Prints
the score per chapter and every survivor; exits 1 when a chapter scores below ${MIN_SCORE}% or a
survivor is not listed, with its reason, in fixtures/mutation/equivalent.json.

  <chapter>          one or more of the manifest's chapters (default: all)
  --concurrency N    test runner processes (default 1: the machine is shared)
  --help             show this help`;

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { concurrency: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void console.log(HELP);
  const manifest = loadManifest();
  const chapters = positionals.length ? positionals.map((id) => findChapter(manifest, id)) : manifest.chapters;
  const concurrency = values.concurrency === undefined ? 1 : wholeNumberFlag('concurrency', values.concurrency, 1);
  const scores: ChapterScore[] = [];
  for (const chapter of chapters) {
    console.log(`\n== ${chapter.id}: mutating ${chapter.katas.length} solution files`);
    scores.push(await mutateChapter(chapter, concurrency));
  }
  console.log('');
  scoreTable(scores).forEach((line) => console.log(line));
  const survivors = scores.flatMap((s) => s.survivors);
  if (survivors.length) console.log('\nsurvivors:');
  survivors.forEach((s) =>
    console.log(
      `  ${s.file}:${s.line} ${s.mutator}: ${s.equivalent ? `equivalent: ${s.equivalent}` : 'NOT EXPLAINED'}`,
    ),
  );
  const problems = scores.flatMap(scoreProblems);
  problems.forEach((p) => console.log(`PROBLEM ${p}`));
  if (problems.length) {
    console.log(`\nKill each survivor with a test, or explain it in ${EQUIVALENTS_FILE}.`);
    process.exitCode = 1;
  }
});
