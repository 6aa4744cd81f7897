/**
 * Fonts for the PNG renderer. resvg draws no text at all when it finds no font (it does not even
 * warn), so we look for DejaVu Sans (matplotlib's own font) first, fall back to the system fonts,
 * and probe whether text actually renders; when it does not, figures switch to the stroke font.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

export type FontOptions = NonNullable<ResvgRenderOptions['font']>;

/** Where Debian, Fedora, Arch and macOS keep fonts. */
export const FONT_ROOTS = ['/usr/share/fonts', '/usr/local/share/fonts', '/Library/Fonts', '/System/Library/Fonts'];
const DEJAVU_FILE = 'DejaVuSans.ttf';
/** Font folders are shallow (fonts/truetype/dejavu); the bound keeps a stray symlink loop harmless. */
const MAX_DEPTH = 4;

/** Paths of DejaVuSans.ttf under the given roots, sorted so that the choice is reproducible. */
export function findDejaVuSans(roots: readonly string[] = FONT_ROOTS): string[] {
  return roots.flatMap((root) => findFile(root, DEJAVU_FILE, MAX_DEPTH)).sort();
}

function findFile(dir: string, name: string, depth: number): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a missing or unreadable font folder simply holds no fonts
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return [path];
    return entry.isDirectory() && depth > 0 ? findFile(path, name, depth - 1) : [];
  });
}

/** DejaVu Sans when present (fast: one file instead of scanning every system font), else the system fonts. */
export function defaultFontOptions(roots: readonly string[] = FONT_ROOTS): FontOptions {
  const dejavu = findDejaVuSans(roots);
  if (dejavu.length > 0) {
    return {
      loadSystemFonts: false,
      fontFiles: dejavu.slice(0, 1),
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    };
  }
  return { loadSystemFonts: true };
}

const PROBE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="16" font-size="16" font-family="sans-serif">H</text></svg>';
const probeCache = new Map<string, boolean>();

/** Whether resvg draws any pixel of text with these fonts; cached because loading system fonts is slow. */
export function fontsRenderText(font: FontOptions): boolean {
  const key = JSON.stringify(font);
  let result = probeCache.get(key);
  if (result === undefined) {
    const { pixels } = new Resvg(PROBE_SVG, { font }).render();
    result = pixels.some((value, index) => index % 4 === 3 && value > 0);
    probeCache.set(key, result);
  }
  return result;
}
