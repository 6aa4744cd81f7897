import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { Figure } from './figure';
import { renderPng, saveFigure } from './save';
import { wellFormednessProblems } from './xml-check';

const outDir = mkdtempSync(join(tmpdir(), 'plot-save-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** A red channel below this counts as ink; the background is 255 and antialiased edges lie between. */
const DARK = 100;
const SIZE = 200;

function redAt(png: PNG, x: number, y: number): number {
  return png.data[(y * png.width + x) * 4]!;
}

function darkPixelsIn(png: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (redAt(png, x, y) < DARK) count++;
  return count;
}

/** A frameless square panel whose plot area is centred, so data (5, 5) lands on the figure centre. */
function onePointFigure(): Figure {
  const figure = new Figure({ width: SIZE, height: SIZE });
  figure
    .panel()
    .xlim(0, 10)
    .ylim(0, 10)
    .xticks(false)
    .yticks(false)
    .scatter([5], [5], { marker: 's', size: 10, color: '#000' });
  return figure;
}

describe('saveFigure', () => {
  it('should write an SVG and a PNG that decodes to the figure size', async () => {
    const figure = new Figure({ width: 320, height: 240 });
    figure.panel().scatter([1, 2, 3], [3, 1, 2]).title('saved');
    const paths = await saveFigure(figure, join(outDir, 'nested'), 'example');
    expect(paths).toEqual({ svg: join(outDir, 'nested', 'example.svg'), png: join(outDir, 'nested', 'example.png') });
    expect(wellFormednessProblems(readFileSync(paths.svg, 'utf8'))).toEqual([]);
    const png = PNG.sync.read(readFileSync(paths.png));
    expect([png.width, png.height]).toEqual([320, 240]);
  });

  it('should refuse a base name with folders in it', async () => {
    await expect(saveFigure(new Figure(), outDir, '../escape')).rejects.toThrow(RangeError);
  });
});

describe('renderPng', () => {
  it('should draw dark pixels where the point is and leave the background white', () => {
    const png = PNG.sync.read(renderPng(onePointFigure()));
    expect(redAt(png, SIZE / 2, SIZE / 2)).toBeLessThan(DARK);
    expect(redAt(png, SIZE / 4, SIZE / 4)).toBe(255);
  });

  it('should give the same bytes for the same figure', () => {
    expect(renderPng(onePointFigure()).equals(renderPng(onePointFigure()))).toBe(true);
  });

  it('should still draw the title when no font is available', () => {
    const figure = new Figure({ width: SIZE, height: SIZE });
    figure.panel().xticks(false).yticks(false).title('TITLE');
    const png = PNG.sync.read(renderPng(figure, { font: { loadSystemFonts: false } }));
    // The title sits above the frame, in the top tenth of the figure.
    expect(darkPixelsIn(png, 0, 0, SIZE, SIZE / 10)).toBeGreaterThan(0);
  });
});
