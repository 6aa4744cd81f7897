import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { el, escapeXml, fmt, textNode, XML_FORBIDDEN } from './svg';
import { wellFormednessProblems } from './xml-check';

/** Undoes escapeXml, to check that escaping loses nothing but the forbidden control characters. */
function unescapeXml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!,
  );
}

/** Coordinates far beyond any figure still format; the bound only keeps doubles exact to 0.01. */
const MAX_COORDINATE = 1e9;

describe('escapeXml', () => {
  it('should leave no markup characters in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(escapeXml(text)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/);
      }),
    );
  });

  it('should keep every printable character recoverable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        // eslint-disable-next-line no-control-regex
        expect(unescapeXml(escapeXml(text))).toBe(text.replace(XML_FORBIDDEN, ''));
      }),
    );
  });

  it('should make any text a well-formed element body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(wellFormednessProblems(textNode('text', { x: 1, title: text }, text))).toEqual([]);
      }),
    );
  });
});

describe('fmt', () => {
  it('should round to within half a hundredth of a pixel', () => {
    fc.assert(
      fc.property(fc.double({ min: -MAX_COORDINATE, max: MAX_COORDINATE, noNaN: true }), (value) => {
        expect(Math.abs(Number(fmt(value)) - value)).toBeLessThanOrEqual(0.005 + 1e-9 * Math.abs(value));
      }),
    );
  });

  it('should never print negative zero or exponents for small values', () => {
    expect(fmt(-0)).toBe('0');
    expect(fmt(-0.001)).toBe('0');
    expect(fmt(1e-17)).toBe('0');
    expect(fmt(2.5)).toBe('2.5');
  });

  it('should refuse non-finite coordinates instead of writing NaN into the SVG', () => {
    expect(() => fmt(Number.NaN)).toThrow(RangeError);
    expect(() => fmt(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('el', () => {
  it('should drop undefined and false attributes and self-close empty elements', () => {
    expect(el('rect', { x: 1.234, y: undefined, fill: false, stroke: 'a&b' })).toBe(
      '<rect x="1.23" stroke="a&amp;b"/>',
    );
  });

  it('should nest children', () => {
    expect(el('g', {}, ['<a/>', '<b/>'])).toBe('<g><a/><b/></g>');
  });
});
