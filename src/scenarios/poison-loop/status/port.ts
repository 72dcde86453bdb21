import { containerLogs } from '../../../docker/engine.js';
import type { LiveSample } from '../../../kits/celery-redis/observe/live-sample.js';
import { stackStatus, statusView } from '../../../kits/celery-redis/status/port.js';
import type { StatusPort, StatusProbe } from '../../../scenario/ports.js';
import type { PoisonBaseline } from '../baseline.js';
import { runsOfLog } from '../worker-log.js';
import { crashSignals, DEATH_WINDOW_MS, type PoisonLiveSample } from './crash-signals.js';

/** The ids each ended run of the worker's log had received last: its deaths mid-task. Pure. */
export function lastTaskOfEndedRuns(log: string): string[] {
  const runs = runsOfLog(log);
  // The last run may still be going: only the runs a newer one followed have ended.
  return runs
    .slice(0, -1)
    .filter((run) => run.last?.word === 'received' && !run.shutdown)
    .map((run) => run.last!.id);
}

/** The shared probe, and the worker's log with each sample (one more Docker call). */
function crashProbe(baseline: PoisonBaseline): StatusProbe<PoisonLiveSample> {
  const inner = stackStatus.probe(baseline);
  const calls = inner.calls as Record<string, number>;
  return {
    calls,
    close: () => inner.close(),
    async sample() {
      const [sample, log] = await Promise.all([inner.sample(), containerLogs('worker', 400).catch(() => '')]);
      calls.docker = (calls.docker ?? 0) + 1;
      return { ...sample, crash: { lastTaskOfEndedRuns: lastTaskOfEndedRuns(log) } };
    },
  };
}

/** `status` for poison-loop: the shared signals, and a crash-loop section first. */
export const poisonLoopStatus: StatusPort<PoisonBaseline, PoisonLiveSample> = {
  probe: crashProbe,
  view(samples) {
    const shared = statusView(samples as readonly LiveSample[]);
    return {
      ...shared,
      sections: [{ title: 'crash loop', signals: crashSignals(samples) }, ...shared.sections],
      record: (extra) => {
        const record = shared.record(extra);
        const crash = Object.fromEntries(crashSignals(samples).map((signal) => [signal.id, { level: signal.level, value: signal.value, text: signal.text }]));
        return { ...record, signals: { ...(record.signals as Record<string, unknown>), ...crash } };
      },
    };
  },
  rateWindowMs: Math.max(stackStatus.rateWindowMs, DEATH_WINDOW_MS),
  spanMs: stackStatus.spanMs,
  glance: stackStatus.glance,
};
