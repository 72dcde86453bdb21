import { ExitCode } from '../errors.js';
import { acquireLock } from '../lab/lock.js';
import { statePaths } from '../lab/paths.js';
import { bringUp, type UpOptions } from '../lab/lifecycle.js';
import { removeBaseline, writeBaseline } from '../lab/state.js';
import { briefing } from '../lab/briefing.js';
import { rotateSessionLog } from '../shim/session-log.js';
import type { Output } from './output.js';

/**
 * Holds the lab's lock for the length of `run`. Ctrl-C releases it and exits 130; whatever was
 * half-built is cleared by the next `up` or `reset` (it always starts by removing the old lab).
 */
export async function withLabLock<T>(command: string, run: () => Promise<T>): Promise<T> {
  const release = acquireLock(statePaths().lock, command);
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.stderr.write(`\n${command} interrupted (${signal}). Nothing is left locked: run \`async-outage-lab ${command === 'down' ? 'down' : 'up'}\` again.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    release();
  }
}

/** Brings the outage up, records the baseline, prints the briefing (or the JSON result). */
export async function upAndReport(command: 'up' | 'reset', options: UpOptions, output: Output): Promise<number> {
  const started = Date.now();
  const result = await bringUp(options, output, {
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
  for (const line of briefing(result.baseline)) output.line(line.startsWith('INCIDENT') ? output.bold(line) : line);
  output.result({
    ok: true,
    command,
    totalMs,
    steps: result.timings,
    baseImage: result.baseImage,
    compose: result.composeVersion,
    webUrl: `http://127.0.0.1:${result.baseline.webPort}/`,
    queueDepth: result.baseline.backlog.depthAtHandover,
    seedMs: result.baseline.backlog.seedMs,
    inFlightId: result.baseline.backlog.inFlightId,
    stateFile: statePaths().baseline,
  });
  return ExitCode.ok;
}
