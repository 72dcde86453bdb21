import type { InspectInfo } from '../../../docker/engine.js';
import type { StatusPort, StatusView } from '../../../scenario/ports.js';
import type { StackBaseline as Baseline } from '../baseline.js';
import { queueDepth } from '../broker/redis.js';
import { CONTAINERS } from '../figures.js';
import { redisPasswordInContainer, redisPasswordOf, withLabRedis } from '../observe/lab-redis.js';
import { LiveProbe } from '../observe/live-probe.js';
import type { LiveSample } from '../observe/live-sample.js';
import { runReferences } from '../observe/runs.js';
import { evaluateSignals } from './signals.js';
import { stackSignals } from './thresholds.js';

/**
 * A single `status` listens this long for worker heartbeats after its first reading (Celery beats
 * every 2 s) and then takes its second, so the rates have two points.
 */
const SNAPSHOT_SPAN_MS = 2200;

const stateText = (exists: boolean, status: string | undefined, running: boolean | undefined, exitCode: number | undefined) =>
  exists ? `${status}${running ? '' : ` (${exitCode})`}` : 'absent';

/** The signals of a series of samples, as sections to print and as JSON records. Pure. */
export function statusView(samples: readonly LiveSample[]): StatusView {
  const signals = evaluateSignals(samples, stackSignals)!;
  const last = samples.at(-1)!;
  const containers = Object.fromEntries(CONTAINERS.map((name) => [name, { ...signals.containers[name], ...last.containers[name] }]));
  const record = (extra: Record<string, unknown> = {}) => ({
    kind: 'async-outage-lab/status',
    version: 1,
    at: new Date(signals.at).toISOString(),
    ...extra,
    containers,
    signals: Object.fromEntries(signals.queue.map((signal) => [signal.id, { level: signal.level, value: signal.value, text: signal.text }])),
    sample: { broker: last.broker, web: last.web },
  });
  const rows = CONTAINERS.map((name) => {
    const view = last.containers[name];
    return { name, status: stateText(view.exists, view.status, view.running, view.exitCode) };
  });
  return {
    at: signals.at,
    sections: [
      { title: 'containers', signals: CONTAINERS.map((name) => signals.containers[name]) },
      { title: 'queue', signals: signals.queue },
    ],
    record,
    summary: { containers: rows, containerSignals: containers, queueDepth: last.broker.reachable ? (last.broker.queueDepth ?? null) : null },
  };
}

/** What `status` reads of the stack: the three containers, the queue and the web. */
export const stackStatus: StatusPort<Baseline, LiveSample> = {
  probe: (baseline) => new LiveProbe(baseline.sitePort, redisPasswordOf(baseline), runReferences(baseline)),
  view: statusView,
  rateWindowMs: stackSignals.rateWindowMs,
  spanMs: SNAPSHOT_SPAN_MS,
  async glance(infos: Record<string, InspectInfo | undefined>) {
    const depth = infos.redis?.State.Running ? await withLabRedis(redisPasswordInContainer(infos.redis), queueDepth).catch(() => undefined) : undefined;
    const rows = CONTAINERS.map((name) => {
      const info = infos[name];
      return { name, status: info ? stateText(true, info.State.Status, info.State.Running, info.State.ExitCode) : 'absent' };
    });
    const lines = [
      ...rows.map((row) => `${row.name.padEnd(8)} ${row.status}`),
      `queue    ${depth === undefined ? 'unknown' : `${depth.toLocaleString('en-US')} jobs`}`,
    ];
    return { lines, record: { containers: rows, queueDepth: depth ?? null } };
  },
};
