/**
 * The vitest configuration `npm run mutation` hands to StrykerJS: the kata tests of one chapter
 * (MUTATION_CHAPTER_DIR, or all) run against the reference solutions, which Stryker mutates.
 */
import { defineConfig } from 'vitest/config';
import { kataTargetPlugin } from './lib/testing/kata-target.ts';

const chapterDir = process.env.MUTATION_CHAPTER_DIR ?? '*';

export default defineConfig({
  plugins: [kataTargetPlugin('solutions', import.meta.dirname)],
  test: {
    include: [`katas/${chapterDir}/*.test.ts`],
    setupFiles: ['lib/testing/setup.ts', 'lib/feedback/record-evidence.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
