/**
 * Guides that teach and hints that reveal (issue 10): a chapter guide keeps the maths, the shapes
 * and the pitfalls, a stub's TODO says what to write and not how, and code appears only in the last
 * tier of `npm run hint`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kataLabel, kataPath, loadManifest, REPO_ROOT } from '../manifest';

/** TypeScript that solves a kata: an arrow, a declaration, a return, or a call into TensorFlow.js and friends. */
const CODE =
  /=>|\bconst |\breturn |\b(?:tf|rs|Math|Array|optimizer)\.\w+\(|\.(?:map|flatMap|reduce|slice|assign|dataSync)\(/;
/** In a TODO comment not even a named call: that is the recipe. */
const RECIPE = /\b(?:tf|rs|Math|Array|optimizer)\.\w+|=>/;

const manifest = loadManifest();
const katas = manifest.chapters.flatMap((chapter) => chapter.katas.map((kata) => ({ chapter, kata })));

describe('guides, TODOs and hints', () => {
  it.each(manifest.chapters.map((c) => [c.id, c] as const))('should keep code out of the %s guide', (_id, chapter) => {
    const guide = readFileSync(path.join(REPO_ROOT, 'katas', chapter.dir, 'README.md'), 'utf8');
    expect(guide).not.toMatch(/```/);
    const spans = [...guide.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    expect(spans.filter((s) => CODE.test(s))).toEqual([]);
  });

  it('should say in each TODO what to write, not how', () => {
    const recipes = katas.flatMap(({ chapter, kata }) => {
      const stub = readFileSync(kataPath(chapter, kata), 'utf8');
      const todo = /\/\/ TODO\(kata [^)]+\):[^\n]*(?:\n\s*\/\/[^\n]*)*/.exec(stub)?.[0] ?? '';
      return RECIPE.test(todo) ? [`${kataLabel(chapter, kata)}: ${todo}`] : [];
    });
    expect(recipes).toEqual([]);
  });

  it('should show code only in the last hint tier, and always there', () => {
    for (const { chapter, kata } of katas) {
      const tiers = kata.hints;
      expect(tiers.length, `${kataLabel(chapter, kata)} has tiered hints`).toBeGreaterThanOrEqual(3);
      tiers
        .slice(0, -1)
        .forEach((hint, i) =>
          expect(CODE.test(hint), `${kataLabel(chapter, kata)} hint ${i + 1} shows code: ${hint}`).toBe(false),
        );
      expect(CODE.test(tiers.at(-1)!), `${kataLabel(chapter, kata)}'s last hint shows the code`).toBe(true);
    }
  });

  it('should explain, where a step returns its cost, why minimize is asked for it', () => {
    const asks = katas.filter(({ kata }) => /minimize\(.*,\s*true,\s*\[/.test(kata.hints.at(-1)!));
    expect(asks.length).toBeGreaterThan(0);
    for (const { kata } of asks)
      expect(kata.hints.slice(0, -1).join(' ')).toMatch(/\btrue\b.*\bown\b|\bown\b.*\btrue\b/);
  });
});
