import { ExitCode } from '../errors.js';
import { acquireLock } from '../lab/lock.js';
import { statePaths } from '../lab/paths.js';
import { bringUp, type UpOptions } from '../lab/lifecycle.js';
import { removeBaseline, writeBaseline } from '../lab/state.js';
import { activeScenario } from '../scenarios/index.js';
import { rotateSessionLog } from '../shim/session-log.js';
import { Interruption, withDeferredSignals } from './interruption.js';
import type { Output } from './output.js';
import { stderr } from './writer.js';

/**
 * Holds the lab's lock for the length of `run`, a command that changes the lab. Neither a closed
 * stdout nor a first Ctrl-C/SIGTERM stops it half-way through a step: the step in progress
 * finishes, and a signal stops it before the next one, with a line on stderr saying what state
 * the lab is in and the exit code saying what happened (0 done, 130/143 stopped).
 */
export async function withLabLock<T extends number>(command: 'up' | 'reset' | 'down', output: Output, run: () => Promise<T>): Promise<T> {
  const release = acquireLock(statePaths().lock, command);
  const interruption = new Interruption();
  output.interruption = interruption;
  try {
    const code = await withDeferredSignals(interruption, { command, recover: command === 'down' ? 'down' : 'reset' }, release, run);
    if (output.closed) stderr().write(`${command}: its output was closed early; it carried on and finished (exit ${code}).\n`);
    return code;
  } finally {
    output.interruption = undefined;
    release();
  }
}

/** Brings the outage up, records the baseline, prints the briefing (or the JSON result). */
export async function upAndReport(command: 'up' | 'reset', options: UpOptions, output: Output): Promise<number> {
  const started = Date.now();
  const result = await bringUp(activeScenario, options, output, {
    // Only once the checks that change nothing have passed: the old state describes containers
    // about to be replaced (a half-built lab must never be graded against it), and a new outage
    // starts a new transcript (the old one is kept beside it).
    beginAttempt: () => {
      removeBaseline();
      rotateSessionLog(statePaths());
    },
  });
  writeBaseline(result.baseline);
  const totalMs = Date.now() - started;
  output.line();
  output.line(output.dim(`${command} took ${(totalMs / 1000).toFixed(1)} s; the outage is live.`));
  output.line();
  for (const line of activeScenario.briefing(result.baseline)) output.line(line.startsWith('INCIDENT') ? output.bold(line) : line);
  output.result({
    ok: true,
    command,
    totalMs,
    steps: result.timings,
    baseImage: result.baseImage,
    compose: result.composeVersion,
    webUrl: `http://127.0.0.1:${result.baseline.webPort}/`,
    ...activeScenario.upRecord(result.baseline),
    stateFile: statePaths().baseline,
  });
  return ExitCode.ok;
}
