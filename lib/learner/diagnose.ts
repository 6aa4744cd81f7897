/**
 * Hints that react to how a kata fails. Each rule reads the failure messages of the kata's tests
 * and, when it recognises a typical deep-learning mistake, says what to look at. The rules are the
 * same for every chapter: they match what TensorFlow.js and the kata tests print.
 */
export interface Diagnosis {
  /** Short tag, e.g. `nan-loss`. */
  kind: string;
  advice: string;
}

interface FailedTest {
  name: string;
  message: string;
}

interface Rule extends Diagnosis {
  matches(test: FailedTest): boolean;
}

const text = (t: FailedTest) => `${t.name}\n${t.message}`;

const RULES: Rule[] = [
  {
    kind: 'not-started',
    advice:
      'The stub is still untouched: replace the `todo(...)` line with your code (the TODO comment above it says what to do).',
    matches: (t) => t.message.includes('[kata:not-implemented]') || / is not implemented yet: /.test(t.message),
  },
  {
    kind: 'does-not-load',
    advice:
      'Your file does not compile or load: read the first error line (file and position), fix the syntax or the import, then save again.',
    matches: (t) =>
      /does not load|SyntaxError|Transform failed|Failed to load|Cannot find module|is not exported|does not provide an export/i.test(
        t.message,
      ),
  },
  {
    kind: 'timeout',
    advice:
      'The tests never finished: look for a loop whose condition never becomes false (a step counter that is not incremented?) or a training run far longer than asked.',
    matches: (t) => /timed out|Test timed out/i.test(t.message),
  },
  {
    kind: 'out-of-memory',
    advice:
      'Memory ran out: something keeps allocating. Free tensors you no longer need (tf.tidy, dispose) and do not keep every intermediate result in an array.',
    matches: (t) => /out of memory/i.test(t.message),
  },
  {
    kind: 'nan-loss',
    advice:
      'The loss became NaN or infinite: the updates blew up. Check the sign of the update, the learning rate, and that you take a log only of numbers in (0, 1] (clip probabilities, or use a stable formula).',
    matches: (t) => /\bNaN\b|Infinity|diverged|DivergedError|not finite/i.test(t.message),
  },
  {
    kind: 'tensor-leak',
    advice:
      'Tensors are left alive after your function returns: wrap the intermediate tensor maths in tf.tidy(() => …) and return only what the caller disposes.',
    matches: (t) => /leak/i.test(text(t)),
  },
  {
    kind: 'shape-mismatch',
    advice:
      'A tensor has the wrong shape: print x.shape of each input and output. A matrix product needs the inner sizes equal ([N, K]·[K, 1]); a column is [N, 1], not [N].',
    matches: (t) => /inner shapes|shapes? .*must match|Incompatible shapes|rank|\bshape\b/i.test(text(t)),
  },
  {
    kind: 'accuracy-at-chance',
    advice:
      'Accuracy sits at chance level: the model is not learning from the inputs. Check that the update is applied to the right variables, that predictions use the trained parameters, and that labels line up with inputs.',
    matches: (t) => /accuracy/i.test(text(t)) && /(chance|\b0\.5\b|\b0\.1\b|\b50 ?%)/i.test(t.message),
  },
  {
    kind: 'loss-not-falling',
    advice:
      'The loss does not fall: make sure each step really updates the parameters (optimizer.minimize with the variable list), that the loss is computed from the current parameters, and that the learning rate is not zero or tiny.',
    matches: (t) =>
      /loss/i.test(text(t)) && /(lower|fall|decreas|below|less than|toBeLessThan|optimizer)/i.test(text(t)),
  },
];

/** Every diagnosis that applies to these failures, most specific first, each named once. */
export function diagnose(failures: FailedTest[]): Diagnosis[] {
  const found: Diagnosis[] = [];
  for (const rule of RULES)
    if (failures.some((f) => rule.matches(f))) found.push({ kind: rule.kind, advice: rule.advice });
  // An untouched stub explains every other symptom; do not pile advice on it.
  return found.some((d) => d.kind === 'not-started') ? found.filter((d) => d.kind === 'not-started') : found;
}
