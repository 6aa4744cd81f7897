import { defineConfig } from 'vitest/config';
import { kataTargetPlugin } from './lib/testing/kata-target.ts';

const root = import.meta.dirname;
const shared = {
  setupFiles: ['lib/testing/setup.ts', 'lib/feedback/record-evidence.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // Tensor tests are CPU-bound: more workers than the 2 cores we plan for only thrash.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['lib/**/*.ts', 'solutions/**/*.ts'],
      exclude: ['**/*.test.ts', 'lib/testing/**'],
      reporter: ['text-summary', 'json-summary', 'html'],
      // The floor verify holds the kata and library tests to; raise it, never lower it quietly.
      thresholds: { lines: 85, functions: 85, statements: 85, branches: 75 },
    },
    projects: [
      {
        plugins: [kataTargetPlugin('katas', root)],
        test: { ...shared, name: 'katas', include: ['katas/**/*.test.ts'] },
      },
      {
        plugins: [kataTargetPlugin('solutions', root)],
        test: {
          ...shared,
          name: 'solutions',
          include: ['katas/**/*.test.ts', 'lib/**/*.test.ts', 'solutions/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
    ],
  },
});
