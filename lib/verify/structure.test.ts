import { describe, expect, it } from 'vitest';
import { loadManifest } from '../manifest';
import { manifestProblems } from './structure';

describe('the structure check', () => {
  it('should find nothing wrong with the repository as it is', async () => {
    expect(await manifestProblems(loadManifest())).toEqual([]);
  });

  it('should name each place a new chapter still needs: its bands fixture and its README row', async () => {
    const manifest = loadManifest();
    manifest.chapters.push({ ...manifest.chapters[0]!, id: 'ch6' });
    expect(await manifestProblems(manifest)).toEqual([
      'ch6: fixtures/bands/ch6.json (the bands its book run is held to) is missing',
      "ch6: README.md's chapter table has no row for it",
    ]);
  });

  it('should name a chapter folder without its guide, book run or solutions', async () => {
    const manifest = loadManifest();
    manifest.chapters.push({ ...manifest.chapters[0]!, id: 'ch1', dir: 'ch9-nowhere', katas: [] });
    expect(await manifestProblems(manifest)).toEqual([
      'ch1: katas/ch9-nowhere/README.md (the guide) is missing',
      'ch1: solutions/ch9-nowhere/book-run.ts (its book-scale run) is missing',
    ]);
  });
});
