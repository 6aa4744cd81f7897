/** `npm run report`: one HTML page per chapter and an index, from the results `npm run solve` wrote. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { UserError } from '../lib/errors';
import { loadManifest } from '../lib/manifest';
import { DEFAULT_BOOK_DIR } from '../lib/report/book-text';
import { buildReport, readResult } from '../lib/report/build';
import { serveFolder } from '../lib/report/serve';

const HELP = `Usage: npm run report [-- --results DIR] [-- --out DIR] [-- --book DIR] [-- --serve]

Builds an HTML page per chapter (the book's Korean text, the English guide, the solution's code,
the figures and the numbers beside the book's) and an index. Run each chapter first with
\`npm run solve -- chN --json out/chN.json --out out/\`; a chapter not run yet says so.

  --results DIR   where the solve results and figures are (default out/)
  --out DIR       where the pages go (default out/report/)
  --book DIR      folder with notebook.ko.txt (default BOOK_DIR, else fixtures/book)
  --serve         then serve the pages on http://127.0.0.1:8321/ until Ctrl-C
  --help          show this help`;

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      results: { type: 'string', default: 'out' },
      out: { type: 'string', default: 'out/report' },
      book: { type: 'string' },
      serve: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  if (positionals.length) throw new UserError(`Unexpected argument '${positionals[0]}'.\n\n${HELP}`, 2);
  const manifest = loadManifest();
  const files = buildReport({
    manifest,
    resultsDir: path.resolve(values.results),
    outDir: path.resolve(values.out),
    bookDir: values.book ?? DEFAULT_BOOK_DIR,
  });
  for (const chapter of manifest.chapters) {
    const result = readResult(path.resolve(values.results), chapter.id);
    const solve = `npm run solve -- ${chapter.id} --json ${values.results}/${chapter.id}.json --out ${values.results}/`;
    const status = result ? `run on ${result.backend}, ${result.pass ? 'within the bands' : 'OUT OF BAND'}` : undefined;
    console.log(`${chapter.id}: ${status ?? `not run yet (${solve})`}`);
  }
  console.log(`wrote ${files.length} pages; open ${path.relative(process.cwd(), files[0]!)}`);
  if (values.serve) console.log(`serving on ${(await serveFolder(values.out, 8321)).url} (Ctrl-C to stop)`);
});
