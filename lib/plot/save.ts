/** Writing figures to disk: the SVG as written, and a PNG rasterised by resvg. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { Figure } from './figure';
import { defaultFontOptions, type FontOptions, fontsRenderText } from './fonts';

export interface PngOptions {
  /** Fonts for resvg; by default DejaVu Sans if installed, else the system fonts. */
  readonly font?: FontOptions;
}

/**
 * The figure as PNG bytes at its own pixel size. When the fonts render no text, the text is drawn
 * with the built-in stroke font instead, so tick labels and titles never vanish.
 */
export function renderPng(figure: Figure, options: PngOptions = {}): Buffer {
  const font = options.font ?? defaultFontOptions();
  const svg = figure.toSVG({ text: fontsRenderText(font) ? 'svg' : 'paths' });
  return new Resvg(svg, { font, fitTo: { mode: 'original' } }).render().asPng();
}

export interface SavedFigure {
  readonly svg: string;
  readonly png: string;
}

/** Writes `<baseName>.svg` and `<baseName>.png` into `outDir` (created if needed) and returns their paths. */
export async function saveFigure(
  figure: Figure,
  outDir: string,
  baseName: string,
  options: PngOptions = {},
): Promise<SavedFigure> {
  if (baseName === '' || /[/\\]/.test(baseName)) {
    throw new RangeError(`baseName must be a plain file name without folders, got "${baseName}"`);
  }
  await mkdir(outDir, { recursive: true });
  const paths = { svg: join(outDir, `${baseName}.svg`), png: join(outDir, `${baseName}.png`) };
  await writeFile(paths.svg, figure.toSVG());
  await writeFile(paths.png, renderPng(figure, options));
  return paths;
}
