/** `npm run plot -- <chapter>`: the chapter's figures drawn from your own katas beside the reference. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, chooseBackend, describeBackend, parseBackendName, quietTensorFlow } from '../lib/backend';
import { runCli } from '../lib/cli';
import { UserError } from '../lib/errors';
import { findChapter, loadManifest } from '../lib/manifest';
import { plotChapter } from '../lib/learner/plot';
import { parseSteps } from '../lib/run/solve';

const HELP = `Usage: npm run plot -- <chapter> [--steps N] [--out DIR] [--backend B]

Trains with your katas for a modest number of steps and draws the chapter's figures beside the
reference solution's, trained the same way.

  --steps N     training steps (default: the chapter's, a few seconds' worth)
  --out DIR     where figures go (default out/plot/)
  --backend B   ${BACKEND_NAMES.join(' | ')} (default auto, or TFJS_BACKEND)
  --help        show this help`;

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      steps: { type: 'string' },
      out: { type: 'string', default: 'out/plot' },
      backend: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const manifest = loadManifest();
  if (positionals.length !== 1)
    throw new UserError(`Name one chapter (${manifest.chapters.map((c) => c.id).join(', ')}).\n\n${HELP}`, 2);
  const chapter = findChapter(manifest, positionals[0]!);
  quietTensorFlow();
  describeBackend(await chooseBackend(parseBackendName(values.backend ?? process.env.TFJS_BACKEND))).forEach((l) =>
    console.log(l),
  );
  const figures = await plotChapter(chapter, {
    steps: parseSteps(values.steps),
    outDir: path.resolve(values.out),
    print: (l) => console.log(l),
  });
  figures.forEach((f) => console.log(`figure: ${path.relative(process.cwd(), f)}`));
});
