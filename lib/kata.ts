/**
 * The marker a kata stub throws until the learner fills it in. The grader and `npm run verify`
 * tell "not started" from "wrong" by this error's name and by the tag in its message, which
 * survives being printed by any test runner.
 */
export const NOT_IMPLEMENTED_TAG = '[kata:not-implemented]';

export class KataNotImplementedError extends Error {
  override name = 'KataNotImplementedError';
  constructor(
    /** `<chapter>/<kata>`, e.g. `ch1/features`. */
    readonly kata: string,
    /** What the gap asks for, in one line. */
    readonly task: string,
  ) {
    super(
      `${NOT_IMPLEMENTED_TAG} ${kata} is not implemented yet: ${task}. Open katas/${kata.split('/')[0]}*/README.md ` +
        `for the maths and hints.`,
    );
  }
}

/** Marks the gap in a stub: `return todo('ch1/features', 'build the month^n rows');`. */
export function todo(kata: string, task: string): never {
  throw new KataNotImplementedError(kata, task);
}

/** True when a test failure message came from an untouched stub. */
export function isNotImplementedMessage(message: string): boolean {
  return message.includes(NOT_IMPLEMENTED_TAG);
}
