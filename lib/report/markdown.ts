/**
 * The chapter guides as HTML, through markdown-it: tables, numbered lists, code and links as
 * CommonMark and GitHub render them. Raw HTML in a guide is escaped (`html: false`), so a guide
 * cannot inject markup into the report.
 */
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function markdownToHtml(markdown: string): string {
  return renderer.render(markdown.replace(/\r\n/g, '\n')).trimEnd();
}
