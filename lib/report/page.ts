/**
 * One report page per chapter, in the notebook's order: the book's text (Korean) and the chapter
 * guide (English), the solution's code, the figures, and the numbers beside the book's. A chapter
 * not yet run says so, with the command that runs it.
 */
import type { ChapterEntry, Manifest } from '../manifest';
import type { ChapterResult } from '../run/types';
import { escapeHtml, row, tag } from './html';
import { numbersHtml } from './numbers';

export interface ChapterContent {
  chapter: ChapterEntry;
  korean?: string;
  /** The chapter guide already rendered to HTML. */
  englishHtml?: string;
  code: { file: string; source: string }[];
  result?: ChapterResult;
  /** Figure file names relative to the page. */
  figures: string[];
  /** Lines saying what is missing (a figure not found, the notebook not found). */
  notes: string[];
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}',
  'pre{background:#f6f8fa;padding:.8em;overflow-x:auto;font-size:13px}',
  '.notebook{white-space:pre-wrap;max-height:40em;overflow-y:auto}',
  '.columns{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}',
  'figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}',
  'table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em}',
  'table.numbers td,table.numbers th{text-align:right}',
  '.bad{color:#b00020}.ok{color:#226622}.missing{color:#b00020}nav a{margin-right:1em}',
  '.notrun{background:#fff4e5;border:1px solid #f0b000;padding:.8em}',
].join('\n');

/** A figure that fails to load is replaced by a visible line, so a broken page cannot look complete. */
const ON_ERROR =
  "this.outerHTML='<p class=&quot;missing figure-missing&quot;>figure missing: '+this.getAttribute('src')+'</p>'";

export function layout(title: string, body: string, nav: string): string {
  const head = `<meta charset="utf-8">${tag('title', escapeHtml(title))}${tag('style', STYLE)}`;
  return `<!doctype html>\n<html lang="en">${tag('head', head)}\n<body>${tag('nav', nav)}\n${body}\n</body></html>\n`;
}

export const navHtml = (manifest: Manifest) =>
  tag('a', 'index', 'href="index.html"') +
  manifest.chapters.map((c) => tag('a', escapeHtml(c.id), `href="${c.id}.html"`)).join('');

const caption = (figure: string) => tag('figcaption', escapeHtml(figure));

export function chapterPage(manifest: Manifest, content: ChapterContent): string {
  const { chapter, result } = content;
  const solveCommand = `npm run solve -- ${chapter.id} --json out/${chapter.id}.json --out out/`;
  const korean = content.korean
    ? tag('pre', escapeHtml(content.korean), 'class="notebook"')
    : tag('p', 'The notebook text was not found.', 'class="missing"');
  const english =
    content.englishHtml ?? tag('p', `katas/${escapeHtml(chapter.dir)}/README.md is missing.`, 'class="missing"');
  const text = tag(
    'div',
    `${tag('section', `<h2>책 (한국어)</h2>${korean}`, 'lang="ko"')}\n` +
      tag('section', `<h2>The guide (English)</h2>${english}`, 'lang="en"'),
    'class="columns"',
  );
  const code = content.code
    .map((c) => `<h3>${escapeHtml(c.file)}</h3><pre><code>${escapeHtml(c.source)}</code></pre>`)
    .join('\n');
  const figures = content.figures
    .map((f) => tag('figure', `<img src="${escapeHtml(f)}" alt="${escapeHtml(f)}" onerror="${ON_ERROR}">${caption(f)}`))
    .join('\n');
  const notRun =
    `<strong>This chapter has not been run yet.</strong> Run ${tag('code', escapeHtml(solveCommand))}, ` +
    `then <code>npm run report</code> again.`;
  const run = result
    ? `<h2>Figures</h2>${figures || '<p>This run drew no figures.</p>'}` +
      `<h2>Numbers beside the book's</h2>${numbersHtml(result)}`
    : tag('div', notRun, 'class="notrun" id="not-run"');
  const notes = content.notes.map((n) => `<li class="missing">${escapeHtml(n)}</li>`).join('');
  const body = `<h1>${escapeHtml(chapter.id)}: ${escapeHtml(chapter.title)}</h1>${notes ? `<ul>${notes}</ul>` : ''}
${text}
<h2>The solution's code</h2>
${code}
${run}`;
  return layout(`${chapter.id}: ${chapter.title}`, body, navHtml(manifest));
}

export function indexPage(manifest: Manifest, results: Record<string, ChapterResult | undefined>): string {
  const rows = manifest.chapters.map((c) => {
    const r = results[c.id];
    const status = r
      ? r.pass
        ? `<span class="ok">run: within the book's bands</span>`
        : `<span class="bad">run: out of band</span>`
      : 'not run yet';
    return row([
      tag('a', escapeHtml(c.id), `href="${c.id}.html"`),
      escapeHtml(c.title),
      String(c.katas.length),
      status,
    ]);
  });
  const table = tag('table', row(['chapter', 'title', 'katas', 'status'], 'th') + rows.join(''), 'class="numbers"');
  const body = `<h1>Deep learning with TensorFlow.js — the book's chapters, run</h1>${table}`;
  return layout('Chapter report', body, navHtml(manifest));
}
