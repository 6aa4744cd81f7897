import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultFontOptions, findDejaVuSans, fontsRenderText } from './fonts';

const root = mkdtempSync(join(tmpdir(), 'plot-fonts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const systemDejaVu = findDejaVuSans();

describe('findDejaVuSans', () => {
  it('should find the font in nested folders and ignore missing roots', () => {
    mkdirSync(join(root, 'truetype', 'dejavu'), { recursive: true });
    writeFileSync(join(root, 'truetype', 'dejavu', 'DejaVuSans.ttf'), '');
    writeFileSync(join(root, 'truetype', 'Other.ttf'), '');
    expect(findDejaVuSans([join(root, 'missing'), root])).toEqual([join(root, 'truetype', 'dejavu', 'DejaVuSans.ttf')]);
  });

  it('should fall back to system fonts when DejaVu is absent', () => {
    expect(defaultFontOptions([join(root, 'missing')])).toEqual({ loadSystemFonts: true });
  });
});

describe('fontsRenderText', () => {
  it('should notice that resvg draws no text without any font', () => {
    expect(fontsRenderText({ loadSystemFonts: false })).toBe(false);
  });

  it.skipIf(systemDejaVu.length === 0)('should see text drawn with DejaVu Sans', () => {
    expect(fontsRenderText(defaultFontOptions())).toBe(true);
  });
});
