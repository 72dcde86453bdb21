import { counterRate, duration } from '../../../checks/rates.js';
import type { Signal, SignalLevel } from '../../../scenario/signal.js';
import { CONTAINERS, type ContainerName } from '../observe/snapshot.js';
import type { EvictionSample } from './sample.js';

/** Where this outage's signals turn WARN and PAGE. */
export const THRESHOLDS = {
  rateWindowMs: 60_000,
  queueDepth: { warn: 500, page: 5000 },
  /** Accepted and not finished: the lag an outbox or a ledger shows. */
  unfinished: { warn: 50, page: 500 },
  oldestUnfinishedSeconds: { warn: 120, page: 600 },
  /** Any eviction on a broker is a lost message or worse. */
  evictedPerMinute: { warn: 0.1, page: 1 },
  memoryRatio: { warn: 0.8, page: 0.95 },
} as const;

const by = (value: number, limits: { warn: number; page: number }): SignalLevel => (value >= limits.page ? 'PAGE' : value >= limits.warn ? 'WARN' : 'OK');
const n = (value: number) => Math.round(value).toLocaleString('en-US');

function containerSignal(name: ContainerName, view: EvictionSample['containers'][ContainerName], at: number): Signal {
  if (!view.exists) return { id: `container.${name}`, label: name, level: 'PAGE', value: null, text: 'absent' };
  if (!view.running) return { id: `container.${name}`, label: name, level: 'PAGE', value: null, text: `${view.status} (${view.exitCode})` };
  const up = view.startedAt ? `up ${duration((at - Date.parse(view.startedAt)) / 1000)}` : 'running';
  return { id: `container.${name}`, label: name, level: 'OK', value: null, text: `${up} · ${view.restartCount ?? 0} restarts` };
}

/** The signals over a series of samples, oldest first. Pure. */
export function evictionSignals(samples: readonly EvictionSample[]): { at: number; containers: Signal[]; queue: Signal[] } {
  const last = samples.at(-1)!;
  const queue: Signal[] = [];
  const unknown = (id: string, label: string, text: string): Signal => ({ id, label, level: 'UNKNOWN', value: null, text });
  if (last.redis)
    queue.push({
      id: 'queue.depth',
      label: 'queue depth',
      level: by(last.redis.depth, THRESHOLDS.queueDepth),
      value: last.redis.depth,
      text: `${n(last.redis.depth)} waiting`,
    });
  else queue.push({ ...unknown('queue.depth', 'queue depth', 'redis unreadable'), level: 'PAGE' });
  if (last.ledger) {
    const unfinished = last.ledger.accepted - last.ledger.finished - (last.redis?.depth ?? 0);
    queue.push({
      id: 'exports.unfinished',
      label: 'accepted, not finished, not queued',
      level: by(Math.max(0, unfinished), THRESHOLDS.unfinished),
      value: Math.max(0, unfinished),
      text: `${n(Math.max(0, unfinished))} of ${n(last.ledger.accepted)} accepted exports are neither finished nor waiting`,
    });
    const age = last.ledger.oldestUnfinishedAt ? (last.at - Date.parse(last.ledger.oldestUnfinishedAt)) / 1000 : 0;
    queue.push({
      id: 'exports.oldest',
      label: 'oldest unfinished export',
      level: by(age, THRESHOLDS.oldestUnfinishedSeconds),
      value: Math.round(age),
      text: last.ledger.oldestUnfinishedAt ? `accepted ${duration(age)} ago` : 'none',
    });
  } else queue.push(unknown('exports.unfinished', 'accepted, not finished', 'web unreadable'));
  const evicted = counterRate(samples, (sample) => sample.redis?.memory.evictedKeys, THRESHOLDS.rateWindowMs);
  queue.push(
    evicted
      ? {
          id: 'redis.evicted',
          label: 'keys evicted',
          level: by(evicted.perMinute, THRESHOLDS.evictedPerMinute),
          value: evicted.perMinute,
          text: `${evicted.text} (${n(last.redis?.memory.evictedKeys ?? 0)} since redis started)`,
        }
      : unknown('redis.evicted', 'keys evicted', 'needs a second reading'),
  );
  const memory = last.redis?.memory;
  if (memory && memory.maxmemory > 0) {
    const ratio = memory.usedMemory / memory.maxmemory;
    queue.push({
      id: 'redis.memory',
      label: 'redis memory',
      level: by(ratio, THRESHOLDS.memoryRatio),
      value: Math.round(ratio * 1000) / 1000,
      text: `${(memory.usedMemory / 1048576).toFixed(1)} of ${(memory.maxmemory / 1048576).toFixed(1)} MiB (${Math.round(ratio * 100)}%), ${memory.policy}`,
    });
  } else if (memory)
    queue.push({
      id: 'redis.memory',
      label: 'redis memory',
      level: 'OK',
      value: null,
      text: `${(memory.usedMemory / 1048576).toFixed(1)} MiB, no limit, ${memory.policy}`,
    });
  return { at: last.at, containers: CONTAINERS.map((name) => containerSignal(name, last.containers[name], last.at)), queue };
}
