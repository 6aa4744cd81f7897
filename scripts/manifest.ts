/**
 * `npm run manifest -- [--write]`: checks that `katas/manifest.json` names every kata file and
 * records each stub's and test's pristine hash; `--write` records the current stubs and tests as
 * pristine (maintainers run it after editing a stub or a test, never learners).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { kataPath, loadManifest, MANIFEST_PATH, testPath } from '../lib/manifest';
import { gitBlobHash } from '../lib/git/blob';
import { manifestProblems } from '../lib/verify/structure';

const HELP = `Usage: npm run manifest -- [--write]

  --write   record the current stubs' and tests' hashes as pristine in katas/manifest.json
  --help    show this help`;

runCli(HELP, async () => {
  const { values } = parseArgs({
    options: { write: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void console.log(HELP);
  const manifest = loadManifest();
  if (values.write) {
    for (const chapter of manifest.chapters)
      for (const kata of chapter.katas) {
        kata.pristine = gitBlobHash(readFileSync(kataPath(chapter, kata)));
        kata.testPristine = gitBlobHash(readFileSync(testPath(chapter, kata)));
      }
    writeFileSync(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(
      `recorded ${manifest.chapters.reduce((n, c) => n + c.katas.length, 0)} pristine stubs and tests in ` +
        `${MANIFEST_PATH}`,
    );
  }
  const problems = await manifestProblems(manifest);
  problems.forEach((p) => console.log(`problem: ${p}`));
  if (problems.length) process.exitCode = 1;
  else console.log('manifest: every kata is listed, mirrored in solutions/ with the same exports');
});
