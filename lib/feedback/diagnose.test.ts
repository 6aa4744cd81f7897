import { describe, expect, it } from 'vitest';
import { capturedGrades } from '../../fixtures/feedback/reports';
import { diagnose, RULE_KINDS, type Failure } from './diagnose';

const failures = (name: string): Failure[] => capturedGrades(name).filter((t) => t.status !== 'pass');
/** Every rule that recognises one of the failures, not only the most specific. */
const recognised = (name: string) => RULE_KINDS.filter((kind) => diagnose(failures(name), [kind]));

/**
 * For each rule: a real failing run it must explain (the captured report of a mistake in
 * fixtures/feedback/mistakes.ts), and one it must not recognise at all — most are the near misses
 * that fooled the old name-matching rules.
 */
const CASES: { kind: string; triggers: string; mustNot: string }[] = [
  { kind: 'not-started', triggers: 'ch1-loss-stub', mustNot: 'ch1-loss-mean' },
  { kind: 'does-not-load', triggers: 'ch1-data-syntax-error', mustNot: 'ch1-model-missing-export' },
  { kind: 'missing-export', triggers: 'ch1-model-missing-export', mustNot: 'ch1-loss-number' },
  { kind: 'timeout', triggers: 'ch1-train-endless-loop', mustNot: 'ch1-train-first-step-only' },
  { kind: 'out-of-memory', triggers: 'ch1-data-rows-kept', mustNot: 'ch1-train-endless-loop' },
  { kind: 'function-expected', triggers: 'ch1-train-loss-tensor', mustNot: 'ch1-model-missing-export' },
  { kind: 'returns-undefined', triggers: 'ch1-loss-no-return', mustNot: 'ch1-loss-number' },
  { kind: 'not-a-tensor', triggers: 'ch1-loss-number', mustNot: 'ch1-loss-no-return' },
  { kind: 'diverged', triggers: 'ch1-train-ascent', mustNot: 'ch1-train-gradients-not-applied' },
  { kind: 'no-gradient', triggers: 'ch3-two-layer-relu', mustNot: 'ch3-train-no-assign' },
  { kind: 'never-updates', triggers: 'ch1-train-gradients-not-applied', mustNot: 'ch2-train-w0-untrained' },
  { kind: 'variable-not-trained', triggers: 'ch2-train-w0-untrained', mustNot: 'ch3-train-no-tidy' },
  { kind: 'nan-values', triggers: 'ch2-loss-no-clip', mustNot: 'ch1-train-ascent' },
  { kind: 'shape-mismatch', triggers: 'ch1-model-swapped-product', mustNot: 'ch1-train-loss-tensor' },
  { kind: 'wrong-shape', triggers: 'ch1-model-elementwise', mustNot: 'ch2-loss-mean' },
  { kind: 'detached', triggers: 'ch2-loss-constant', mustNot: 'ch3-two-layer-relu' },
  { kind: 'dtype', triggers: 'ch1-data-int32', mustNot: 'ch1-data-one-column-short' },
  { kind: 'negative', triggers: 'ch1-loss-no-square', mustNot: 'ch2-loss-mean' },
  { kind: 'constant-factor', triggers: 'ch1-loss-mean', mustNot: 'ch2-model-no-bias' },
  { kind: 'loss-not-falling', triggers: 'ch2-train-maximises', mustNot: 'ch2-train-no-step' },
  { kind: 'accuracy-at-chance', triggers: 'ch3-network-constant-input', mustNot: 'ch3-network-no-mult' },
  { kind: 'leak-per-step', triggers: 'ch1-train-return-cost', mustNot: 'ch1-loss-no-tidy' },
  { kind: 'disposes-input', triggers: 'ch5-dropout-same-tensor', mustNot: 'ch4-train-batch-kept' },
  { kind: 'tensor-leak', triggers: 'ch1-loss-no-tidy', mustNot: 'ch1-loss-mean' },
];

describe('diagnose: advice drawn from the failure itself', () => {
  it('should have a case for every rule', () => {
    expect(CASES.map((c) => c.kind)).toEqual([...RULE_KINDS]);
  });

  it.each(CASES)('should advise $kind for the real failure $triggers', ({ kind, triggers }) => {
    expect(diagnose(failures(triggers))?.kind).toBe(kind);
  });

  it.each(CASES)('should not see $kind in the real failure $mustNot', ({ kind, mustNot }) => {
    expect(recognised(mustNot)).not.toContain(kind);
  });

  it('should never read a test’s name: the same failure under another name gets the same advice', () => {
    for (const { triggers } of CASES) {
      const renamed = capturedGrades(triggers).map((t) => ({ ...t, name: 'should have the right shape and not leak' }));
      expect(diagnose(renamed.filter((t) => t.status !== 'pass'))).toEqual(diagnose(failures(triggers)));
    }
  });

  it('should say nothing when no rule recognises the failure', () => {
    expect(diagnose([{ status: 'fail', message: 'expected 3 to be 4' }])).toBeUndefined();
  });
});
