import { describe, expect, it } from 'vitest';
import { wellFormednessProblems } from './xml-check';

describe('wellFormednessProblems', () => {
  it('should accept a declaration and one nested tree', () => {
    expect(
      wellFormednessProblems('<?xml version="1.0"?>\n<svg a="1"><g><rect/></g><text>a &amp; b</text></svg>\n'),
    ).toEqual([]);
  });

  it.each([
    ['an unclosed element', '<svg><g></svg>'],
    ['a stray closing tag', '<svg></g></svg>'],
    ['a bare ampersand in text', '<svg>a & b</svg>'],
    ['a bare ampersand in an attribute', '<svg a="x&y"/>'],
    ['a repeated attribute', '<svg a="1" a="2"/>'],
    ['an unquoted attribute', '<svg a=1/>'],
    ['two roots', '<svg/><svg/>'],
    ['text outside the root', '<svg/>x'],
    ['a closing tag with attributes', '<svg></svg a="1">'],
  ])('should report %s', (_, xml) => {
    expect(wellFormednessProblems(xml)).not.toEqual([]);
  });
});
