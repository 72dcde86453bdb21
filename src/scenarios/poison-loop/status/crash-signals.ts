import { counterRate } from '../../../checks/rates.js';
import type { LiveSample } from '../../../kits/celery-redis/observe/live-sample.js';
import type { Signal, SignalLevel } from '../../../scenario/signal.js';

/** What `status` adds for a crash loop: the worker's runs as its log shows them, read with each sample. */
export interface CrashReading {
  /** The task each ended run had received last, oldest first (the runs that ended on a received task: deaths mid-task). */
  lastTaskOfEndedRuns: string[];
}
export type PoisonLiveSample = LiveSample & { crash: CrashReading };

/** A window of a minute: Docker's back-off reaches a minute between starts, and a loop must still show. */
export const DEATH_WINDOW_MS = 60_000;

const short = (id: string) => `${id.slice(0, 8)}…`;

/**
 * The signals that would have paged on this outage, over samples oldest first. Pure:
 * deaths per minute (RestartCount's rise: one a minute pages, as Docker's back-off caps at one start a minute), how the last run ended (139 is a crash of the process
 * itself, 137 with OOMKilled a memory kill), and whether the deaths share one task.
 */
export function crashSignals(samples: readonly PoisonLiveSample[]): Signal[] {
  const last = samples.at(-1);
  if (!last) return [];
  const worker = last.containers.worker;
  const signals: Signal[] = [];

  const deaths = counterRate(samples, (s) => s.containers.worker.restartCount, DEATH_WINDOW_MS);
  signals.push(
    deaths
      ? {
          id: 'worker.deaths',
          label: 'worker deaths',
          level: deaths.perMinute > 0 ? 'PAGE' : 'OK',
          value: deaths.perMinute,
          text: `${deaths.text} (RestartCount ${worker.restartCount ?? '?'})`,
        }
      : {
          id: 'worker.deaths',
          label: 'worker deaths',
          level: 'UNKNOWN',
          value: null,
          text: `needs a second reading (RestartCount ${worker.restartCount ?? '?'})`,
        },
  );

  // Docker clears ExitCode when the container runs again: the last exit is the latest sample that saw it stopped.
  const stopped = [...samples].reverse().find((s) => s.containers.worker.exists && !s.containers.worker.running && s.containers.worker.exitCode !== undefined);
  if (!stopped)
    signals.push({ id: 'worker.exit', label: 'last exit', level: 'OK', value: null, text: worker.exists ? 'not seen stopped in these readings' : 'no worker' });
  else {
    const { exitCode, oomKilled } = stopped.containers.worker;
    const signal = exitCode! > 128 ? ` (signal ${exitCode! - 128})` : '';
    const level: SignalLevel = exitCode === 0 ? 'OK' : 'PAGE';
    signals.push({
      id: 'worker.exit',
      label: 'last exit',
      level,
      value: exitCode!,
      text: `exit ${exitCode}${signal}, OOMKilled ${oomKilled ? 'true' : 'false'}`,
    });
  }

  const ended = last.crash.lastTaskOfEndedRuns.slice(-5);
  const latest = ended.at(-1);
  if (!latest) signals.push({ id: 'worker.same-task', label: 'task before each death', level: 'OK', value: 0, text: 'no run has ended on a task' });
  else {
    const same = [...ended].reverse().findIndex((id) => id !== latest);
    const streak = same === -1 ? ended.length : same;
    signals.push({
      id: 'worker.same-task',
      label: 'task before each death',
      level: streak >= 2 ? 'PAGE' : 'OK',
      value: streak,
      text: streak >= 2 ? `the last ${streak} runs all ended on ${short(latest)}` : `the last run ended on ${short(latest)}`,
    });
  }
  return signals;
}
