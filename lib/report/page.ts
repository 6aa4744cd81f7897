/**
 * One report page per chapter, in the notebook's order: the book's text (Korean) and the chapter
 * guide (English), the solution's code, the figures, and the numbers beside the book's. A chapter
 * not yet run says so, with the command that runs it.
 */
import type { ChapterEntry, Manifest } from '../manifest';
import type { ChapterResult } from '../run/types';
import { escapeHtml } from './markdown';
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

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
pre{background:#f6f8fa;padding:.8em;overflow-x:auto;font-size:13px}.notebook{white-space:pre-wrap;max-height:40em;overflow-y:auto}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}
table.numbers{border-collapse:collapse;margin:.5em 0}table.numbers td,table.numbers th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
.bad{color:#b00020}.ok{color:#226622}.notrun{background:#fff4e5;border:1px solid #f0b000;padding:.8em}.missing{color:#b00020}nav a{margin-right:1em}`;

/** A figure that fails to load is replaced by a visible line, so a broken page cannot look complete. */
const ON_ERROR = `this.outerHTML='<p class=&quot;missing figure-missing&quot;>figure missing: '+this.getAttribute('src')+'</p>'`;

export function layout(title: string, body: string, nav: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body><nav>${nav}</nav>\n${body}\n</body></html>\n`;
}

export const navHtml = (manifest: Manifest) =>
  `<a href="index.html">index</a>${manifest.chapters.map((c) => `<a href="${c.id}.html">${escapeHtml(c.id)}</a>`).join('')}`;

export function chapterPage(manifest: Manifest, content: ChapterContent): string {
  const { chapter, result } = content;
  const solveCommand = `npm run solve -- ${chapter.id} --json out/${chapter.id}.json --out out/`;
  const text = `<div class="columns"><section lang="ko"><h2>책 (한국어)</h2>${content.korean ? `<pre class="notebook">${escapeHtml(content.korean)}</pre>` : '<p class="missing">The notebook text was not found.</p>'}</section>
<section lang="en"><h2>The guide (English)</h2>${content.englishHtml ?? `<p class="missing">katas/${escapeHtml(chapter.dir)}/README.md is missing.</p>`}</section></div>`;
  const code = content.code
    .map((c) => `<h3>${escapeHtml(c.file)}</h3><pre><code>${escapeHtml(c.source)}</code></pre>`)
    .join('\n');
  const figures = content.figures
    .map(
      (f) =>
        `<figure><img src="${escapeHtml(f)}" alt="${escapeHtml(f)}" onerror="${ON_ERROR}"><figcaption>${escapeHtml(f)}</figcaption></figure>`,
    )
    .join('\n');
  const run = result
    ? `<h2>Figures</h2>${figures || '<p>This run drew no figures.</p>'}<h2>Numbers beside the book's</h2>${numbersHtml(result)}`
    : `<div class="notrun" id="not-run"><strong>This chapter has not been run yet.</strong> Run <code>${escapeHtml(solveCommand)}</code>, then <code>npm run report</code> again.</div>`;
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
    return `<tr><td><a href="${c.id}.html">${escapeHtml(c.id)}</a></td><td>${escapeHtml(c.title)}</td><td>${c.katas.length}</td><td>${status}</td></tr>`;
  });
  const body = `<h1>Deep learning with TensorFlow.js — the book's chapters, run</h1><table class="numbers"><tr><th>chapter</th><th>title</th><th>katas</th><th>status</th></tr>${rows.join('')}</table>`;
  return layout('Chapter report', body, navHtml(manifest));
}
