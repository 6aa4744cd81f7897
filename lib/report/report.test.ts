import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest';
import type { ChapterResult } from '../run/types';
import { chapterNumber, chapterText } from './book-text';
import { buildReport } from './build';
import { markdownToHtml } from './markdown';
import { findChromium } from './chromium';
import { numbersHtml } from './numbers';
import { serveFolder } from './serve';

const tmp = mkdtempSync(path.join(tmpdir(), 'report-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the report', () => {
  it('should render the guides’ headings, inline code, emphasis, links and fenced code', () => {
    expect(markdownToHtml('# T\n\nA **b** `c<d>` [l](x.md)\n\n```ts\nconst a = 1 < 2;\n```')).toBe(
      [
        '<h1>T</h1>',
        '<p>A <strong>b</strong> <code>c&lt;d&gt;</code> <a href="x.md">l</a></p>',
        '<pre><code class="language-ts">const a = 1 &lt; 2;',
        '</code></pre>',
      ].join('\n'),
    );
  });
  it('should render a guide’s table as a table, not a paragraph of pipes', () => {
    expect(markdownToHtml('| a | b |\n|---|---|\n| 1 | 2 |')).toBe(
      ['<table>', '<thead>', '<tr>', '<th>a</th>', '<th>b</th>', '</tr>', '</thead>']
        .concat(['<tbody>', '<tr>', '<td>1</td>', '<td>2</td>', '</tr>', '</tbody>', '</table>'])
        .join('\n'),
    );
  });
  it('should keep numbered lists numbered and bullets as bullets', () => {
    expect(markdownToHtml('1. a\n2. b\n\n- c\n- d')).toBe(
      '<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n<ul>\n<li>c</li>\n<li>d</li>\n</ul>',
    );
  });
  it('should escape raw HTML and refuse script links, so a guide cannot inject markup', () => {
    const html = markdownToHtml('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>');
    expect(html).not.toMatch(/<script|<img|href="javascript:/);
    expect(html).toContain('&lt;script&gt;');
  });
  it('should read a guide written with Windows line endings as the same guide', () => {
    expect(markdownToHtml('| a |\r\n|---|\r\n| 1 |\r\n')).toBe(markdownToHtml('| a |\n|---|\n| 1 |\n'));
  });
  it('should cut the notebook at its chapter headings', () => {
    const notebook = '시작\n1장. 하나\n본문 1\n2장. 둘\n본문 2\n';
    expect(chapterText(notebook, 1)).toBe('1장. 하나\n본문 1');
    expect(chapterText(notebook, 2)).toBe('2장. 둘\n본문 2');
    expect(chapterText(notebook, 3)).toBeUndefined();
    expect(chapterNumber('ch12')).toBe(12);
  });
  it('should put our numbers beside the book’s at the book’s steps', () => {
    const result: ChapterResult = {
      chapter: 'ch1',
      backend: 'cpu',
      seconds: 2,
      pass: false,
      figures: [],
      runs: [
        {
          name: 'book',
          steps: 4,
          log: [1, 2, 3, 4].map((step) => ({ step, loss: 10 - step, accuracy: 0.5 })),
          final: { loss: 6 },
          params: { w: [1.5] },
          band: { book: { log: [{ step: 2, loss: 8.5, accuracy: 0.6 }], w: [1.4] } },
          pass: false,
          checks: ['final loss OUT OF BAND'],
        },
      ],
    };
    const html = numbersHtml(result);
    expect(html).toContain('<tr><td>2</td><td>8.000000</td><td>8.500000</td><td>0.500000</td><td>0.600000</td></tr>');
    expect(html).not.toContain('<tr><td>3</td>');
    expect(html).toContain('<tr><td>w[0]</td><td>1.500000</td><td>1.400000</td></tr>');
    expect(html).toContain('<li class="bad">final loss OUT OF BAND</li>');
  });
  it('should build a page per chapter of the manifest and say which were not run', () => {
    const book = path.join(tmp, 'book');
    const results = path.join(tmp, 'results');
    const out = path.join(tmp, 'out');
    for (const dir of [book, results]) rmSync(dir, { recursive: true, force: true });
    mkdirSync(book, { recursive: true });
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(book, 'notebook.ko.txt'), '1장. 텐서플로 입문\n월별 평균 기온\n');
    const manifest = loadManifest();
    const files = buildReport({ manifest, resultsDir: results, outDir: out, bookDir: book });
    expect(files.map((f) => path.basename(f))).toEqual(['index.html', ...manifest.chapters.map((c) => `${c.id}.html`)]);
    const page = readFileSync(path.join(out, 'ch1.html'), 'utf8');
    expect(page).toContain('월별 평균 기온');
    expect(page).toContain('This chapter has not been run yet.');
    expect(page).toContain('solutions/ch1-temperatures/train.ts');
    writeFileSync(
      path.join(results, 'ch1.json'),
      JSON.stringify({
        chapter: 'ch1',
        backend: 'cpu',
        seconds: 1,
        pass: true,
        figures: [path.join(results, 'gone.svg')],
        runs: [],
      }),
    );
    buildReport({ manifest, resultsDir: results, outDir: out, bookDir: path.join(tmp, 'nowhere') });
    const again = readFileSync(path.join(out, 'ch1.html'), 'utf8');
    expect(again).toContain('figure gone was not found');
    expect(again).toContain('notebook.ko.txt) was not found');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('run: within the book');
  });
});

describe('the report server', () => {
  it('should answer a malformed percent escape with 400 and keep serving', async () => {
    const folder = path.join(tmp, 'served');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'index.html'), '<p>ok</p>');
    const { url, server } = await serveFolder(folder);
    try {
      expect((await fetch(`${url}%E0%A4%A`)).status).toBe(400);
      expect((await fetch(`${url}%`)).status).toBe(400);
      const page = await fetch(url);
      expect([page.status, await page.text()]).toEqual([200, '<p>ok</p>']);
    } finally {
      server.close();
    }
  });
});

describe('finding Chromium', () => {
  const onlyThere = (file: string) => (candidate: string) => candidate === file;

  it('should take CHROMIUM_PATH when it exists and nothing else when it does not', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c/chrome' }, 'linux', onlyThere('/opt/c/chrome'))).toBe('/opt/c/chrome');
    expect(findChromium({ CHROMIUM_PATH: '/nope' }, 'linux', onlyThere('/usr/bin/chromium'))).toBeUndefined();
  });

  it('should find Debian’s, Ubuntu’s snap and Google’s builds on Linux', () => {
    for (const file of ['/usr/bin/chromium', '/snap/bin/chromium', '/usr/bin/google-chrome-stable'])
      expect(findChromium({}, 'linux', onlyThere(file))).toBe(file);
  });

  it('should find Chromium or Chrome in /Applications or ~/Applications on macOS', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findChromium({}, 'darwin', onlyThere(chrome))).toBe(chrome);
    const own = '/Users/ana/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findChromium({ HOME: '/Users/ana' }, 'darwin', onlyThere(own))).toBe(own);
  });

  it('should find Chrome, Chromium or Edge under the Windows program folders', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files' };
    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(findChromium(env, 'win32', onlyThere(chrome))).toBe(chrome);
    const edge = 'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findChromium(env, 'win32', onlyThere(edge))).toBe(edge);
    expect(findChromium(env, 'win32', () => false)).toBeUndefined();
  });
});
