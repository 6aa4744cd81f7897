import { describe, expect, it } from 'vitest';
import { strokeTextPathData } from './stroke-font';
import { estimateTextWidth, renderText } from './text';
import { wellFormednessProblems } from './xml-check';

describe('renderText', () => {
  it('should write escaped SVG text in svg mode', () => {
    const svg = renderText({ x: 10, y: 20, content: 'a < b & "c"', size: 12, anchor: 'middle' }, 'svg');
    expect(svg).toBe(
      '<text x="10" y="20" font-size="12" text-anchor="middle" fill="#000">a &lt; b &amp; &quot;c&quot;</text>',
    );
  });

  it('should rotate counter-clockwise about the anchor, like matplotlib', () => {
    expect(renderText({ x: 5, y: 50, content: 'y', size: 10, rotation: 90 }, 'svg')).toContain(
      'transform="rotate(-90 5 50)"',
    );
  });

  it('should draw paths and no <text> in paths mode', () => {
    const svg = renderText({ x: 10, y: 20, content: 'Normal 0.5', size: 12, vertical: 'middle' }, 'paths');
    expect(svg.startsWith('<path')).toBe(true);
    expect(svg).not.toContain('<text');
    expect(wellFormednessProblems(svg)).toEqual([]);
  });

  it('should draw nothing for blank text in paths mode', () => {
    expect(renderText({ x: 0, y: 0, content: '  ', size: 12 }, 'paths')).toBe('');
  });

  it('should centre and right-align path text like SVG text', () => {
    const start = renderText({ x: 100, y: 0, content: 'AB', size: 10, anchor: 'start' }, 'paths');
    const end = renderText({ x: 100, y: 0, content: 'AB', size: 10, anchor: 'end' }, 'paths');
    const shift = (svg: string) => Number(/translate\(([-\d.]+)/.exec(svg)![1]);
    expect(shift(start)).toBe(100);
    expect(shift(end)).toBeLessThan(100);
  });
});

describe('stroke font', () => {
  it('should draw a box for characters it lacks rather than nothing', () => {
    expect(strokeTextPathData('\u4e00', 10)).not.toBe('');
  });

  it('should draw lowercase letters smaller than capitals', () => {
    const height = (d: string) => Math.max(...[...d.matchAll(/[ML][-\d.]+ ([-\d.]+)/g)].map((m) => -Number(m[1])));
    expect(height(strokeTextPathData('e', 10))).toBeLessThan(height(strokeTextPathData('E', 10)));
  });

  it('should estimate longer text as wider', () => {
    expect(estimateTextWidth('Infected', 12)).toBeGreaterThan(estimateTextWidth('Normal', 12));
  });
});
