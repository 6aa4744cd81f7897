import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest';
import type { ChapterResult } from '../run/types';
import { chapterNumber, chapterText } from './book-text';
import { buildReport } from './build';
import { markdownToHtml } from './markdown';
import { numbersHtml } from './numbers';

const tmp = mkdtempSync(path.join(tmpdir(), 'report-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the report', () => {
  it('should render the guides’ Markdown and escape HTML', () => {
    expect(markdownToHtml('# T\n\nA **b** `c<d>` [l](x.md)\n\n- one\n  more\n- two\n\n```ts\nconst a = 1 < 2;\n```')).toBe(
      '<h1>T</h1>\n<p>A <strong>b</strong> <code>c&lt;d&gt;</code> <a href="x.md">l</a></p>\n<ul><li>one more</li><li>two</li></ul>\n<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>',
    );
  });
  it('should cut the notebook at its chapter headings', () => {
    const notebook = '시작\n1장. 하나\n본문 1\n2장. 둘\n본문 2\n';
    expect(chapterText(notebook, 1)).toBe('1장. 하나\n본문 1');
    expect(chapterText(notebook, 2)).toBe('2장. 둘\n본문 2');
    expect(chapterText(notebook, 3)).toBeUndefined();
    expect(chapterNumber('ch12')).toBe(12);
  });
  it('should put our numbers beside the book’s at the book’s steps', () => {
    const result: ChapterResult = { chapter: 'ch1', backend: 'cpu', seconds: 2, pass: false, figures: [], runs: [{ name: 'book', steps: 4, log: [1, 2, 3, 4].map((step) => ({ step, loss: 10 - step, accuracy: 0.5 })), final: { loss: 6 }, params: { w: [1.5] }, band: { book: { log: [{ step: 2, loss: 8.5, accuracy: 0.6 }], w: [1.4] } }, pass: false, checks: ['final loss OUT OF BAND'] }] };
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
    writeFileSync(path.join(results, 'ch1.json'), JSON.stringify({ chapter: 'ch1', backend: 'cpu', seconds: 1, pass: true, figures: [path.join(results, 'gone.svg')], runs: [] }));
    buildReport({ manifest, resultsDir: results, outDir: out, bookDir: path.join(tmp, 'nowhere') });
    const again = readFileSync(path.join(out, 'ch1.html'), 'utf8');
    expect(again).toContain('figure gone was not found');
    expect(again).toContain('notebook.ko.txt) was not found');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('run: within the book');
  });
});
