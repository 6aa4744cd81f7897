import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { exampleFigures } from './examples';
import { Figure } from './figure';
import { wellFormednessProblems } from './xml-check';

describe('Figure.toSVG', () => {
  it.each(Object.entries(exampleFigures()))('should write well-formed SVG for the %s figure', (_, figure) => {
    expect(wellFormednessProblems(figure.toSVG())).toEqual([]);
    expect(wellFormednessProblems(figure.toSVG({ text: 'paths' }))).toEqual([]);
  });

  it('should give the same bytes for the same figure', () => {
    const [first, second] = [exampleFigures(), exampleFigures()];
    for (const name of Object.keys(first)) {
      expect(first[name]!.toSVG()).toBe(second[name]!.toSVG());
    }
  });

  it('should declare its pixel size and a white background', () => {
    const svg = new Figure({ width: 300, height: 200 }).toSVG();
    expect(svg).toContain('width="300" height="200" viewBox="0 0 300 200"');
    expect(svg).toContain('<rect width="300" height="200" fill="#fff"/>');
  });

  it('should escape titles, axis labels and legend labels', () => {
    const figure = new Figure();
    figure.panel().scatter([1], [2], { label: 'a<b' }).title('x & "y"').xlabel("it's").legend();
    const svg = figure.toSVG();
    expect(wellFormednessProblems(svg)).toEqual([]);
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('x &amp; &quot;y&quot;');
    expect(svg).toContain('it&apos;s');
  });

  it('should draw the two-class legend with both labels and both markers', () => {
    const svg = exampleFigures().classification!.toSVG();
    expect(svg).toContain('>Infected</text>');
    expect(svg).toContain('>Normal</text>');
  });

  it('should embed the probability field as one translucent nearest-neighbour raster, clipped to the plot', () => {
    const svg = exampleFigures().classification!.toSVG();
    expect(svg.match(/<image /g)).toHaveLength(1);
    expect(svg).toMatch(/<image [^>]*image-rendering="optimizeSpeed" opacity="0.5" href="data:image\/png;base64,/);
    expect(svg).toMatch(/<g clip-path="url\(#clip-0\)"><image /);
  });

  it('should embed a field whose PNG decodes to the grid size with row 0 at the bottom', () => {
    const rows = 100;
    const cols = 100;
    // Probability rising with the row: dark at the top (last row), white at the bottom (row 0).
    const field = Float32Array.from({ length: rows * cols }, (_, i) => Math.floor(i / cols) / (rows - 1));
    const figure = new Figure();
    figure.panel().field(field, rows, cols, [-15, 15, -15, 15], { alpha: 0.5 });
    const base64 = /href="data:image\/png;base64,([^"]+)"/.exec(figure.toSVG())![1]!;
    const png = PNG.sync.read(Buffer.from(base64, 'base64'));
    expect([png.width, png.height]).toEqual([cols, rows]);
    expect(png.data[0]).toBe(0); // top-left pixel: the last row, probability 1, black in gray_r
    expect(png.data[(rows - 1) * cols * 4]).toBe(255); // bottom-left pixel: row 0, probability 0, white
  });

  it('should label bar charts 0..9 and their y axis 0.0..1.0', () => {
    const figure = new Figure({ width: 200, height: 150, fontSize: 10 });
    figure.panel().bars([0.1, 0.2, 0.3, 0, 0, 0, 0, 0.4, 0, 0], { ylim: [0, 1] });
    const labels = [...figure.toSVG().matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '0.0',
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1.0',
    ]);
  });

  it('should hide ticks on image panels and keep their titles', () => {
    const figure = new Figure({ width: 100, height: 100 });
    figure
      .panel()
      .image(new Float32Array(28 * 28), 28, 28, { vmin: 0, vmax: 1 })
      .title('7');
    const texts = [...figure.toSVG().matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(['7']);
  });

  it('should honour hand-picked and hidden ticks', () => {
    const figure = new Figure();
    figure.panel().line([0, 1], [0, 1]).xticks([0, 1], ['no', 'yes']).yticks(false);
    const texts = [...figure.toSVG().matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(['no', 'yes']);
  });

  it('should return the same panel for the same cell and leave unused cells blank', () => {
    const figure = new Figure({ rows: 2, cols: 2 });
    expect(figure.panel(1, 1)).toBe(figure.panel(1, 1));
    expect(figure.toSVG().match(/<clipPath/g)).toHaveLength(1);
  });

  it('should refuse cells outside the grid, bad sizes and bad limits', () => {
    expect(() => new Figure({ rows: 2 }).panel(2, 0)).toThrow(RangeError);
    expect(() => new Figure({ width: 0 })).toThrow(RangeError);
    expect(() => new Figure({ rows: 1.5 })).toThrow(RangeError);
    expect(() => new Figure().panel().xlim(1, 1)).toThrow(RangeError);
    expect(() => new Figure().panel().ylim(0, Number.NaN)).toThrow(RangeError);
    expect(() => new Figure().panel().scatter([1, 2], [1])).toThrow(RangeError);
    expect(() => new Figure().panel().field([0, 1, 2, 3], 2, 2, [1, 0, 0, 1])).toThrow(RangeError);
  });

  it('should skip non-finite points and break lines at them', () => {
    const figure = new Figure();
    figure
      .panel()
      .xlim(0, 3)
      .ylim(0, 3)
      .scatter([1, Number.NaN], [1, 2], { marker: 's' })
      .line([0, 1, 2, 3], [0, Number.NaN, 2, 3]);
    const svg = figure.toSVG();
    expect(wellFormednessProblems(svg)).toEqual([]);
    const line = /<path d="(M[^"]*)" fill="none" stroke="#ff7f0e"/.exec(svg)![1]!;
    expect(line.match(/M/g)).toHaveLength(2);
  });

  it('should draw every marker kind and legend handle', () => {
    const figure = new Figure();
    const panel = figure.panel();
    for (const marker of ['o', 'x', '+', 's', '^'] as const) panel.scatter([1], [1], { marker, label: marker });
    panel.line([0, 1], [0, 1], { label: 'line' }).bars([1], { label: 'bars' }).legend('lower left');
    const svg = figure.toSVG();
    expect(wellFormednessProblems(svg)).toEqual([]);
    expect(svg.match(/<text/g)!.length).toBeGreaterThanOrEqual(7);
  });

  it('should stretch a field over its extent when the aspect is set to auto', () => {
    const figure = new Figure({ width: 400, height: 200 });
    figure.panel().field([0, 1, 1, 0], 2, 2, [0, 1, 0, 1]).aspect('auto');
    const [, width, height] = /<image [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(figure.toSVG())!;
    expect(Number(width)).toBeGreaterThan(Number(height));
  });
});
