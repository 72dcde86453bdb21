import { ExitCode, LabError } from '../errors.js';
import { stderr } from './writer.js';

const exitCodeOf = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated);
const nameOf = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 'Ctrl-C' : signal);

/**
 * A Ctrl-C or SIGTERM that a command which changes the lab has received: it is honoured between
 * steps, never inside one, so the step in progress always finishes. `Output.step` asks before
 * starting each step and throws `InterruptedError` once one was requested.
 */
export class Interruption {
  signal: NodeJS.Signals | undefined;
  /** The step running now, if any. */
  current: string | undefined;
  /** Steps that finished, in order. */
  readonly finished: string[] = [];

  get requested(): boolean {
    return this.signal !== undefined;
  }

  stepStarting(title: string): void {
    if (this.signal) throw new InterruptedError(this.signal, this.finished.at(-1));
    this.current = title;
  }

  stepEnded(title: string): void {
    this.current = undefined;
    this.finished.push(title);
  }
}

/** Thrown instead of starting the next step after a signal; the boundary fills in what it means for the lab. */
export class InterruptedError extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    readonly lastFinished: string | undefined,
  ) {
    super(`stopped by ${signal}`);
    this.name = 'InterruptedError';
  }
}

/** What a command that changes the lab tells the learner about a stop, and how to recover. */
export interface InterruptPolicy {
  command: string;
  /** The command that finishes or undoes a half-done run (`reset` for up and reset, `down` for down). */
  recover: string;
}

const halfDone = (policy: InterruptPolicy) =>
  `The lab is half done: \`async-outage-lab ${policy.recover}\` ${policy.recover === 'down' ? 'removes the rest' : 'puts the outage back from here'}.`;

/** The error the CLI boundary prints when a command stopped between two steps. */
export function stoppedBetweenSteps(error: InterruptedError, policy: InterruptPolicy): LabError {
  const after = error.lastFinished === undefined ? 'before its first step' : `after “${error.lastFinished}”`;
  const message = `${policy.command} stopped on ${nameOf(error.signal)} ${after}; the step in progress had finished, nothing was started after it.`;
  const hint = error.lastFinished === undefined ? 'Nothing was changed: the lab is as it was.' : halfDone(policy);
  return new LabError(message, { hint, exitCode: exitCodeOf(error.signal) });
}

function stoppedInsideStep(signal: NodeJS.Signals, step: string | undefined, error: unknown, policy: InterruptPolicy): LabError {
  const why = error instanceof Error ? error.message : String(error);
  return new LabError(`${policy.command} stopped on ${nameOf(signal)}: “${step ?? 'its step'}” could not finish (${why}).`, {
    hint: halfDone(policy),
    exitCode: exitCodeOf(signal),
  });
}

/** Two turns of the event loop: a signal already received is dispatched to its handler by then. */
const signalsDelivered = async () => {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
};

type SignalHandler = (signal: NodeJS.Signals) => void;
const handlers: SignalHandler[] = [];
const dispatch = (signal: NodeJS.Signals) => handlers.at(-1)?.(signal);

/** Makes `handler` the one that receives SIGINT and SIGTERM until the returned function is called. */
function takeSignals(handler: SignalHandler): () => void {
  if (handlers.length === 0) {
    process.on('SIGINT', dispatch);
    process.on('SIGTERM', dispatch);
  }
  handlers.push(handler);
  return () => {
    const at = handlers.lastIndexOf(handler);
    if (at >= 0) handlers.splice(at, 1);
    if (handlers.length === 0) {
      process.off('SIGINT', dispatch);
      process.off('SIGTERM', dispatch);
    }
  };
}

/**
 * Runs a command that changes the lab with signals deferred: the first Ctrl-C/SIGTERM lets the
 * step in progress finish and stops before the next one; a second one stops at once (after
 * `cleanup`). Either way a line on stderr says what state the lab was left in.
 */
export async function withDeferredSignals<T>(interruption: Interruption, policy: InterruptPolicy, cleanup: () => void, run: () => Promise<T>): Promise<T> {
  const release = takeSignals((signal) => {
    if (interruption.requested) {
      cleanup();
      const during = interruption.current ? ` during “${interruption.current}”` : '';
      stderr().write(
        `\n${policy.command} stopped at once on a second ${nameOf(signal)}${during}. The lab may be half done: \`async-outage-lab ${policy.recover}\` puts it right.\n`,
      );
      process.exit(exitCodeOf(signal));
    }
    interruption.signal = signal;
    const what = interruption.current ? `finishes “${interruption.current}”, then stops` : 'stops before its next step';
    stderr().write(`\n${nameOf(signal)}: ${policy.command} ${what} (${nameOf(signal)} again stops at once).\n`);
  });
  try {
    const value = await run();
    if (interruption.signal) {
      stderr().write(`${policy.command} had no step left to stop before: it finished, and its exit code says so.\n`);
    }
    return value;
  } catch (error) {
    if (error instanceof InterruptedError) throw stoppedBetweenSteps(error, policy);
    // The signal that stopped a child may not have been dispatched to us yet: let the event loop
    // deliver what is pending before deciding whether this failure was an interruption.
    await signalsDelivered();
    // A terminal's Ctrl-C reaches the whole process group, so a docker or compose child may
    // have been stopped inside the step: report the stop, not a mysterious failure.
    if (interruption.signal) throw stoppedInsideStep(interruption.signal, interruption.finished.at(-1), error, policy);
    throw error;
  } finally {
    release();
  }
}

/**
 * For a command that only looks (`check --wait`): Ctrl-C or SIGTERM stops it at once, with a
 * line saying that nothing was changed.
 */
export function stopAtOnceOnSignal(command: string): () => void {
  return takeSignals((signal) => {
    stderr().write(`\n${command} stopped on ${nameOf(signal)}; it only looks, so the lab is as it was.\n`);
    process.exit(exitCodeOf(signal));
  });
}
