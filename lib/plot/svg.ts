/**
 * The few SVG-writing primitives every other plot module shares. Everything that reaches the SVG
 * text goes through here, so escaping and number formatting are decided in one place.
 */

/** Attribute values; `undefined` and `false` drop the attribute so callers can pass options through. */
export type Attrs = Record<string, string | number | undefined | false>;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Control characters other than tab and newline are not allowed in XML 1.0 at all, so they are dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching exactly those characters is the point
export const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Escapes text and attribute values alike: labels come from callers and may hold any character. */
export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * Formats a pixel coordinate with at most two decimals: a hundredth of a pixel is invisible, and a
 * fixed precision keeps the output byte-identical across runs and free of `1e-17` noise.
 */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`cannot write the non-finite coordinate ${value} into an SVG`);
  }
  const rounded = Math.round(value * 100) / 100;
  // `+0` so that -0 prints as "0", not "-0".
  return String(rounded + 0);
}

/** Writes one element; children are already-serialised SVG strings. */
export function el(name: string, attrs: Attrs = {}, children: string[] = []): string {
  const written = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== false)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? fmt(value) : escapeXml(value)}"`)
    .join('');
  return children.length === 0 ? `<${name}${written}/>` : `<${name}${written}>${children.join('')}</${name}>`;
}

/** A text node, escaped. */
export function textNode(name: string, attrs: Attrs, content: string): string {
  return `${el(name, attrs).slice(0, -2)}>${escapeXml(content)}</${name}>`;
}
