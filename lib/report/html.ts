/** The few HTML builders the report's pages are made of; every text that goes in is escaped by the caller. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/** `<name attrs>content</name>`; attrs are written as given. */
export const tag = (name: string, content: string, attrs = '') =>
  `<${name}${attrs ? ` ${attrs}` : ''}>${content}</${name}>`;

/** A table row of already-built cells: `<tr><td>a</td><td>b</td></tr>`. */
export const row = (cells: string[], cell: 'td' | 'th' = 'td') => tag('tr', cells.map((c) => tag(cell, c)).join(''));
