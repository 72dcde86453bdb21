import { ExitCode } from '../errors.js';
import { acquireLock } from '../lab/lock.js';
import { statePaths } from '../project/paths.js';
import type { Staged } from '../usecases/up.js';
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

/** Prints the briefing of a staged outage (or the JSON result). */
export function reportStaged(command: 'up' | 'reset', staged: Staged, output: Output): number {
  const { scenario, baseline } = staged;
  output.line();
  output.line(output.dim(`${command} took ${(staged.totalMs / 1000).toFixed(1)} s; the outage is live.`));
  output.line();
  for (const line of scenario.up.briefing(baseline)) output.line(line.startsWith('INCIDENT') ? output.bold(line) : line);
  output.result({
    ok: true,
    command,
    scenario: scenario.id,
    totalMs: staged.totalMs,
    steps: staged.timings,
    baseImage: staged.baseImage,
    compose: staged.composeVersion,
    siteUrl: `http://127.0.0.1:${baseline.sitePort}/`,
    ...scenario.up.record(baseline),
    stateFile: statePaths().baseline,
  });
  return ExitCode.ok;
}
