import type { InspectInfo } from '../../../docker/engine.js';
import { queueDepth } from '../../../kits/celery-redis/broker/redis.js';
import { redisPasswordInContainer, withLabRedis } from '../../../kits/celery-redis/observe/lab-redis.js';
import type { StatusPort, StatusView } from '../../../scenario/ports.js';
import type { Baseline } from '../baseline.js';
import { CONTAINERS } from '../observe/snapshot.js';
import { type EvictionSample, sampleLab } from './sample.js';
import { evictionSignals, THRESHOLDS } from './signals.js';

export function statusView(samples: ReadonlyArray<EvictionSample>): StatusView {
  const signals = evictionSignals(samples);
  const last = samples.at(-1)!;
  return {
    at: signals.at,
    sections: [
      { title: 'containers', signals: signals.containers },
      { title: 'exports and redis', signals: signals.queue },
    ],
    record: (extra = {}) => ({
      kind: 'async-outage-lab/status',
      version: 1,
      at: new Date(signals.at).toISOString(),
      ...extra,
      containers: last.containers,
      signals: Object.fromEntries(signals.queue.map((signal) => [signal.id, { level: signal.level, value: signal.value, text: signal.text }])),
    }),
    summary: { containers: last.containers, queueDepth: last.redis?.depth ?? null },
  };
}

export const redisEvictionStatus: StatusPort<Baseline, EvictionSample> = {
  probe(baseline) {
    const calls: Record<string, number> = {};
    return { sample: () => sampleLab(baseline, calls), calls, close: () => undefined };
  },
  view: statusView,
  rateWindowMs: THRESHOLDS.rateWindowMs,
  spanMs: 2000,
  async glance(infos: Record<string, InspectInfo | undefined>) {
    const depth = infos.redis?.State.Running ? await withLabRedis(redisPasswordInContainer(infos.redis), queueDepth).catch(() => undefined) : undefined;
    const rows = CONTAINERS.map((name) => ({ name, status: infos[name] ? `${infos[name]!.State.Status}` : 'absent' }));
    return {
      lines: [...rows.map((row) => `${row.name.padEnd(8)} ${row.status}`), `queue    ${depth === undefined ? 'unknown' : `${depth} jobs`}`],
      record: { containers: rows, queueDepth: depth ?? null },
    };
  },
};
