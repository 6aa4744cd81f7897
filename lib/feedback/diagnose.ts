/**
 * Advice drawn from how a kata fails: each rule reads the failures themselves — the error's class,
 * its message, the assertion that failed and the values it saw — and never a test's name, so that a
 * test called "…shape…" cannot make a missing function look like a shape bug. Rules are listed
 * from the most specific to the most general, and only the first that applies is shown: one piece
 * of advice that fits beats three that might.
 */
import { isNotImplementedMessage } from '../kata';
import type { Evidence } from './evidence';

export interface Diagnosis {
  /** Short tag, e.g. `diverged`. */
  kind: string;
  advice: string;
}

/** One failed test as the rules see it: deliberately without its name. */
export interface Failure {
  status: string;
  /** The grade's one-line message (for a whole-kata failure, the runner's own sentence). */
  message: string;
  evidence?: Evidence;
}

interface Rule {
  kind: string;
  /** The advice for this failure, or undefined when the rule does not apply to it. */
  advise(failure: Failure, text: string): string | undefined;
}

/** A rule that gives the same advice whenever the failure's text matches `pattern`. */
const whenText = (kind: string, pattern: RegExp, advice: string): Rule => ({
  kind,
  advise: (_f, text) => (pattern.test(text) ? advice : undefined),
});

/** The text a rule reads: the error's message, or the grade's line when there is no evidence. */
const textOf = (f: Failure) => f.evidence?.message ?? f.message;
const at = (f: Failure) => (f.evidence?.at ? ` (${f.evidence.at})` : '');
const shape = (dims: string) => `[${dims.split(',').join(', ')}]`;

/** The same loss twice where the test wanted it to fall: `expected 3442.97 to be less than 3442.97`. */
const UNCHANGED = /expected (-?[\d.e+-]+) to be (?:less|greater) than \1(?![\d.])/;

const RULES: Rule[] = [
  {
    kind: 'not-started',
    advise: (f) =>
      f.status === 'not started' || isNotImplementedMessage(f.message) || isNotImplementedMessage(textOf(f))
        ? 'The stub is still untouched: replace the `todo(...)` line with your code (the TODO comment above it ' +
          'says what to write).'
        : undefined,
  },
  {
    kind: 'does-not-load',
    advise: (f) =>
      f.evidence?.errorClass === 'SyntaxError' || /^does not load/.test(f.message)
        ? `Your file does not load${at(f)}: fix the line the error points at, then save again. ` +
          'Until it loads, no test can run.'
        : undefined,
  },
  {
    kind: 'missing-export',
    advise: (f, text) => {
      const m = /does not provide an export named '(\w+)'/.exec(text) ?? /^(\w+) is not a function$/.exec(text);
      if (!m || (f.evidence?.at && !/does not provide/.test(text))) return undefined;
      return (
        `The tests call \`${m[1]}\` from your file, but it does not export a function of that name. Keep the ` +
        `stub's \`export function ${m[1]}(…)\` line as it was and write your code inside it.`
      );
    },
  },
  {
    kind: 'timeout',
    advise: (f, text) =>
      /^timed out after/.test(f.message) || /Test timed out in/.test(text)
        ? 'The tests never finished: look for a loop whose condition never becomes false (a step counter that ' +
          'is not incremented?) or far more training steps than asked for.'
        : undefined,
  },
  {
    kind: 'out-of-memory',
    advise: (f) =>
      /^ran out of memory/.test(f.message)
        ? 'Memory ran out: something keeps allocating. Free tensors you no longer need (tf.tidy, dispose) and ' +
          'do not keep every intermediate result in an array.'
        : undefined,
  },
  whenText(
    'function-expected',
    /The f passed in \w+\(f\) must be a function|must be a function/,
    'A loss tensor was passed where a function belongs: optimizer.minimize (and tf.variableGrads, tf.grad) ' +
      'must call your loss itself to follow the gradient, so pass `() => …` that computes the loss, not its ' +
      'value.',
  ),
  {
    kind: 'returns-undefined',
    advise: (f, text) => {
      if (/expected null to be an instance of Tensor/.test(text))
        return (
          'Your function returned null where a tensor belongs. optimizer.minimize hands back the loss only when ' +
          'its second argument asks for it (true); with false it returns null.'
        );
      const m = /Cannot read propert(?:y|ies) of (undefined|null) \(reading '(\w+)'\)/.exec(text);
      if (!m) return undefined;
      if (f.evidence?.at)
        return `Something is ${m[1]} where your code reads its \`.${m[2]}\`${at(f)}: check the value on that line.`;
      return (
        `Your function returned ${m[1]} (the test read its \`.${m[2]}\`). A body in braces, ` +
        '`tf.tidy(() => { … })`, needs its own `return`; optimizer.minimize returns null unless asked for the cost.'
      );
    },
  },
  {
    kind: 'not-a-tensor',
    advise: (_f, text) => {
      const m = /\(\.\.\.\)\.(\w+) is not a function/.exec(text);
      return m
        ? `What your function returns has no \`.${m[1]}()\`: it must return a tensor (as the signature says), ` +
            'not a plain number or array read back from one.'
        : undefined;
    },
  },
  {
    kind: 'diverged',
    advise: (f, text) => {
      const m = /the loss (?:became|is) (NaN|-?Infinity) (?:at|after) step (\d+)/.exec(text);
      if (f.evidence?.errorClass !== 'DivergedError' && !m) return undefined;
      return (
        `Training blew up${m ? `: the loss became ${m[1]} at step ${m[2]}` : ''}. Each update must move against ` +
        'the gradient (w − lr·g), by the learning rate asked for; and a log() must only see numbers in (0, 1] ' +
        '(clip probabilities first).'
      );
    },
  },
  {
    kind: 'no-gradient',
    advise: (_f, text) => {
      const names = /no gradient.*expected \[ ((?:'\w+',? ?)+) \] to deeply equal \[\]/.exec(text)?.[1];
      if (names)
        return (
          `No gradient reaches ${names.replace(/'/g, '')}: each parameter must reach the output through tensor ` +
          'operations (not through numbers read back with dataSync or arraySync). A ReLU whose inputs are all ' +
          'negative passes no gradient either: check the activation the layer asks for.'
        );
      return undefined;
    },
  },
  {
    kind: 'never-updates',
    advise: (_f, text) =>
      UNCHANGED.test(text) || /exactly its value at|has not changed|never changes?/.test(text)
        ? 'The loss stays exactly where it was: the parameters are never updated. Make sure every step applies ' +
          'the optimizer (or your update) to the variables — computing gradients alone changes nothing.'
        : undefined,
  },
  {
    kind: 'variable-not-trained',
    advise: (_f, text) => {
      const m = /(\w+) is still (-?[\d.]+) after (\d+) steps/.exec(text);
      return m
        ? `${m[1]} never moves from ${m[2]}: it is missing from the variables the update changes. List every ` +
            'trainable variable (weights and biases) in the optimizer call.'
        : undefined;
    },
  },
  whenText(
    'nan-values',
    /\bexpected (NaN|-?Infinity)\b|\b(is|are|gives?) (NaN|-?Infinity)\b|\[[^\]]*\bNaN\b/,
    'Your function returns NaN or ±Infinity for the input above: look for log(0), 0·log(0) or 0/0. ' +
      'Clip probabilities away from 0 and 1 before taking a log.',
  ),
  {
    kind: 'shape-mismatch',
    advise: (_f, text) => {
      const inner = /inner shapes \((\d+)\) and \((\d+)\) of Tensors with shapes ([\d,]+) and ([\d,]+)/.exec(text);
      if (inner)
        return (
          `A matrix product of ${shape(inner[3]!)} and ${shape(inner[4]!)} was asked for: the inner sizes ` +
          `(${inner[1]} and ${inner[2]}) must be equal, [N, K]·[K, M] → [N, M]. Check the order of the operands ` +
          'and the shapes in the doc comment.'
        );
      const broadcast = /Operands could not be broadcast together with shapes ([\d,]+) and ([\d,]+)/.exec(text);
      if (broadcast)
        return (
          `Elementwise maths on shapes ${shape(broadcast[1]!)} and ${shape(broadcast[2]!)}, which do not ` +
          'broadcast: print the shapes of both operands; a matrix product (tf.matMul) may be what is meant.'
        );
      const impossible = /must have a shape comprised of positive integers but got shape \[([^\]]*)\]/.exec(text);
      if (impossible)
        return (
          `An operation made the impossible shape ${shape(impossible[1]!)}: a convolution or pooling shrank the ` +
          "image below one pixel. With 'same' padding a stride-1 convolution keeps the size and a stride-2 pooling " +
          'halves it (rounding up).'
        );
      const size = /Based on the provided shape, \[([\d,]+)\], the tensor should have (\d+) values but has (\d+)/.exec(
        text,
      );
      if (size)
        return (
          `A tensor of shape ${shape(size[1]!)} needs ${size[2]} values, but ${size[3]} were given: count the ` +
          'rows and columns you build.'
        );
      return /Error in \w+: .*shapes? /i.test(text)
        ? `A tensor operation got shapes it cannot combine: ${text}`
        : undefined;
    },
  },
  {
    kind: 'wrong-shape',
    advise: (_f, text) => {
      const m = /\bthe shape of ([^:]+?)(?:: [^:]*)?: expected (\[[^\]]*\]) to deeply equal (\[[^\]]*\])/.exec(text);
      return m
        ? `The shape of ${m[1]} is ${m[2]}, where ${m[3]} is expected: print \`.shape\` of each input and of what ` +
            "you return, and follow the doc comment's shapes."
        : undefined;
    },
  },
  whenText(
    'detached',
    /Cannot compute gradient of y=f\(x\) with respect to x/,
    'Part of the input never reaches your result through tensor operations, so no gradient can flow back ' +
      'to it: compute the result from the input tensors themselves (a constant, or numbers read back with ' +
      'dataSync, cuts the link).',
  ),
  {
    kind: 'dtype',
    advise: (_f, text) => {
      const m = /expected '(int32|bool|float32|complex64|string)' to be '(\w+)'/.exec(text);
      return m
        ? `The tensor's dtype is ${m[1]}, where ${m[2]} is expected: make it from numbers without a dtype ` +
            `argument (float32 is the default) or tf.cast it.`
        : undefined;
    },
  },
  whenText(
    'negative',
    /\bis negative\b.*expected -/,
    'Your loss is negative for the input above, and this loss never is: each term is a square, or ' +
      '−log of a probability. Look for a square that was left out, or a minus sign in the wrong place.',
  ),
  {
    kind: 'constant-factor',
    advise: (_f, text) => {
      const m = /got (-?[\d.e+-]+), the plain-JS reference says (-?[\d.e+-]+)/.exec(text);
      if (!m) return undefined;
      const ratio = Number(m[1]) / Number(m[2]);
      if (!Number.isFinite(ratio) || ratio === 0) return undefined;
      if (Math.abs(ratio + 1) < 1e-3)
        return 'Your value is the reference times −1: a sign is flipped (a missing minus, or y − t written t − y).';
      const whole = Math.round(1 / ratio);
      if (ratio < 1 && whole >= 2 && Math.abs(1 / ratio - whole) < 1e-3)
        return (
          `Your value is 1/${whole} of the reference on the input above: something is averaged (divided by the ` +
          'count) that should be added up, or a factor is missing.'
        );
      const times = Math.round(ratio);
      if (ratio > 1 && times >= 2 && Math.abs(ratio - times) < 1e-3)
        return `Your value is ${times} times the reference on the input above: something is counted or added twice.`;
      return undefined;
    },
  },
  whenText(
    'loss-not-falling',
    /the loss does not fall/,
    'The loss rises instead of falling: the update moves the parameters the wrong way or too far — ' +
      'subtract the gradient (w − lr·g) and use the learning rate asked for.',
  ),
  whenText(
    'accuracy-at-chance',
    /accuracy is stuck at chance/,
    'The accuracy stays at chance: the predictions do not depend on the inputs. Check that the trained ' +
      'parameters are the ones the prediction uses, and that every one of them is updated.',
  ),
  {
    kind: 'leak-per-step',
    advise: (_f, text) => {
      const m = /tensors leaked by (?:a training run of|)\s*(\d+) steps?.*?expected (\d+) to be/.exec(text);
      if (!m) return undefined;
      const [steps, leaked] = [Number(m[1]), Number(m[2])];
      if (!(leaked >= steps && leaked % steps === 0)) return undefined;
      return (
        `${leaked} tensors leaked in ${steps} steps: ${leaked / steps} per step. optimizer.minimize(f, true) ` +
        'returns the loss of each step as a new tensor — pass false when you do not read it, or dispose it ' +
        'after reading; gradients computed by hand need a tf.tidy around them.'
      );
    },
  },
  {
    kind: 'disposes-input',
    advise: (_f, text) =>
      /\btensors? (?:leaked|left)\b.*expected -\d+ to be \+?0/.test(text) ||
      /disposed what \w+ returned: expected true to be false/.test(text)
        ? 'Fewer tensors are alive after your function than before: it disposed a tensor it was given, or returned ' +
          'its input itself, so that the caller freed the input with the result. Return a new tensor (tf.clone).'
        : undefined,
  },
  {
    kind: 'tensor-leak',
    advise: (_f, text) => {
      const m = /\btensors? (?:leaked|left)\b.*?expected (\d+) to be \+?0/.exec(text);
      if (!m) return undefined;
      const n = m[1];
      return (
        `${n} tensor${n === '1' ? ' is' : 's are'} left alive after your function returns: wrap the tensor maths ` +
        'in tf.tidy(() => …) and return only the result the caller disposes.'
      );
    },
  },
];

/** The most specific advice for these failures (trying only `kinds`, if given), or none when no rule applies. */
export function diagnose(failures: readonly Failure[], kinds?: readonly string[]): Diagnosis | undefined {
  for (const rule of RULES.filter((r) => !kinds || kinds.includes(r.kind)))
    for (const failure of failures) {
      const advice = rule.advise(failure, textOf(failure));
      if (advice) return { kind: rule.kind, advice };
    }
  return undefined;
}

/** Every rule's kind, most specific first: the order `diagnose` tries them in. */
export const RULE_KINDS: readonly string[] = RULES.map((r) => r.kind);
