import { ExitCode, LabError } from './errors.js';

export interface PollOptions<T> {
  /** What is awaited, in words, for the timeout message ("the broker to answer PING"). */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Describes the last observation, for the timeout message. */
  describe?: (last: T | undefined, error: unknown) => string;
  /** An observation after which waiting is pointless (e.g. a container that exited): throw it. */
  fatal?: (value: T) => LabError | undefined;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until `done` holds, or fails with what was awaited, for how long and what was
 * last seen. The only way the project waits for anything.
 */
export async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, options: PollOptions<T>): Promise<T> {
  const started = Date.now();
  const interval = options.intervalMs ?? 200;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (done(last)) return last;
      const fatal = options.fatal?.(last);
      if (fatal) throw fatal;
    } catch (error) {
      if (error instanceof LabError) throw error;
      lastError = error;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= options.timeoutMs) {
      const seen = options.describe
        ? options.describe(last, lastError)
        : lastError !== undefined
          ? `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
          : `last seen: ${JSON.stringify(last)}`;
      throw new LabError(`Timed out after ${(elapsed / 1000).toFixed(1)} s waiting for ${options.what} (${seen})`, {
        hint: 'Look at `docker ps -a` and `docker logs <container>`; `async-outage-lab reset` starts over.',
        exitCode: ExitCode.failure,
      });
    }
    await pause(Math.min(interval, Math.max(0, options.timeoutMs - elapsed)));
  }
}

/**
 * Bounds one attempt: some clients leave a promise unsettled when a connection is accepted and
 * dropped at once (a proxy whose backend is not listening yet). The timer also keeps Node alive.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
