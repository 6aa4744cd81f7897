/**
 * The report in a real browser: headless Chromium loads the pages from a server on 127.0.0.1 and
 * takes a screenshot, in which the figure's colour must show. Without Chromium the test is skipped
 * with the reason, except in CI (CI=true), where .ci/run installs it and its absence is a failure.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type Manifest } from '../manifest';
import { Figure, saveFigure } from '../plot';
import type { ChapterResult } from '../run/types';
import { buildReport } from './build';
import { dumpDom, findChromium, screenshot } from './chromium';
import { serveFolder } from './serve';

const chromium = findChromium();
const SKIP_REASON =
  'Chromium is not installed (apt-get install -y chromium; Chrome or Edge on macOS and Windows; or set ' +
  'CHROMIUM_PATH): the browser test of the report is skipped';
if (!chromium && process.env.CI !== 'true') console.warn(SKIP_REASON);

/** A colour nothing on the page but the figure uses, so seeing it means the figure was drawn. */
const FIGURE_COLOR = [255, 0, 255];
/** A thick magenta curve across the panel covers thousands of pixels; a few hundred proves it is there. */
const MIN_FIGURE_PIXELS = 300;
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'out', 'screenshots');

const MANIFEST: Manifest = {
  chapters: [
    {
      id: 'ch9',
      dir: 'ch9-test',
      title: 'A chapter for the browser test',
      katas: [{ name: 'k', file: 'k.ts', points: 1, hints: ['h'], pristine: '0'.repeat(40), testPristine: '' }],
    },
    { id: 'ch8', dir: 'ch8-unrun', title: 'Not run', katas: [] },
  ],
};

let root: string;
let server: Server;
let url: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'report-'));
  mkdirSync(path.join(root, 'katas/ch9-test'), { recursive: true });
  mkdirSync(path.join(root, 'solutions/ch9-test'), { recursive: true });
  writeFileSync(
    path.join(root, 'katas/ch9-test/README.md'),
    '# Guide\n\nFit a **curve**.\n\n| step | loss |\n|---|---|\n| 1 | 2.5 |\n',
  );
  writeFileSync(path.join(root, 'solutions/ch9-test/k.ts'), 'export const k = 1;\n');
  const figure = new Figure({ width: 480, height: 320 });
  figure.panel().line([0, 1, 2, 3], [0, 1, 0, 1], { color: '#ff00ff', label: 'curve' }).title('test figure');
  await saveFigure(figure, path.join(root, 'results'), 'ch9-fit');
  const result: ChapterResult = {
    chapter: 'ch9',
    backend: 'cpu',
    seconds: 1,
    pass: true,
    figures: [path.join(root, 'results/ch9-fit.svg')],
    runs: [
      {
        name: 'book',
        steps: 2,
        log: [{ step: 2, loss: 1.5 }],
        final: { loss: 1.5 },
        band: { book: { log: [{ step: 2, loss: 1.4 }] } },
        pass: true,
        checks: ['final loss 1.5 vs the book’s 1.4: ok'],
      },
    ],
  };
  writeFileSync(path.join(root, 'results/ch9.json'), JSON.stringify(result));
  buildReport({
    manifest: MANIFEST,
    resultsDir: path.join(root, 'results'),
    outDir: path.join(root, 'report'),
    bookDir: root,
    root,
  });
  ({ server, url } = await serveFolder(path.join(root, 'report')));
});
afterAll(() => {
  server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the report in headless Chromium', () => {
  it.skipIf(!chromium && process.env.CI !== 'true')(
    'should render the chapter page with its figure drawn',
    async () => {
      expect(chromium, SKIP_REASON).toBeDefined();
      const dom = await dumpDom(chromium!, `${url}ch9.html`);
      expect(dom).toContain('<img src="figures/ch9-fit.svg"');
      expect(dom).not.toContain('<p class="missing figure-missing">');
      expect(dom, 'the guide’s table as the browser parsed it').toMatch(/<table>\s*<thead>\s*<tr>\s*<th>step<\/th>/);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, 'report-ch9.png');
      await screenshot(chromium!, `${url}ch9.html`, file);
      const png = PNG.sync.read(readFileSync(file));
      let magenta = 0;
      for (let i = 0; i < png.data.length; i += 4)
        if (
          Math.abs(png.data[i]! - FIGURE_COLOR[0]!) < 40 &&
          png.data[i + 1]! < 60 &&
          Math.abs(png.data[i + 2]! - FIGURE_COLOR[2]!) < 40
        )
          magenta++;
      expect(magenta, `pixels of the figure's curve in ${file}`).toBeGreaterThan(MIN_FIGURE_PIXELS);
    },
  );

  it.skipIf(!chromium && process.env.CI !== 'true')(
    'should show a missing figure as missing, and an unrun chapter as not run',
    async () => {
      rmSync(path.join(root, 'report/figures/ch9-fit.svg'));
      expect(await dumpDom(chromium!, `${url}ch9.html`)).toContain(
        '<p class="missing figure-missing">figure missing: figures/ch9-fit.svg</p>',
      );
      expect(await dumpDom(chromium!, `${url}ch8.html`)).toContain('This chapter has not been run yet.');
    },
  );
});
