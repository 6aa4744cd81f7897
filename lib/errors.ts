/**
 * An error caused by what the user asked for (a bad flag, a missing file, a backend that cannot
 * load). Scripts print its message as one sentence and exit with its code, without a stack trace:
 * the message must say what to do.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    /** 2 for bad command-line input, 1 for everything else. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/**
 * Thrown by a training loop when the loss stops being a finite number. Scripts turn it into a
 * sentence that says what to change; tests turn it into a hint about the kata.
 */
export class DivergedError extends Error {
  override name = 'DivergedError';
  constructor(
    readonly step: number,
    readonly loss: number,
  ) {
    super(`the loss became ${loss} at step ${step}`);
  }
}
