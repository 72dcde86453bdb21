/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  notSolved: 1,
  usage: 2,
  environment: 3,
  failure: 4,
  /** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + SIGTERM). */
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type the CLI boundary knows how to print: what went wrong, the fix to try, and
 * the exit code. Everything below the boundary throws these and never prints them itself.
 */
export class LabError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;
  constructor(message: string, options: { hint?: string; exitCode?: ExitCodeValue; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LabError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}

export const usageError = (message: string, hint?: string) => new LabError(message, { hint, exitCode: ExitCode.usage });
export const environmentError = (message: string, hint?: string, cause?: unknown) => new LabError(message, { hint, exitCode: ExitCode.environment, cause });
