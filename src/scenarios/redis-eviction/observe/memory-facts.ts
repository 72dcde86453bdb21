import { infoField } from '../../../kits/celery-redis/broker/redis.js';

/** What Redis says about its memory and what it has evicted: the evidence of this outage. */
export interface MemoryFacts {
  usedMemory: number;
  /** 0: no limit. */
  maxmemory: number;
  policy: string;
  evictedKeys: number;
  expiredKeys: number;
  /** Keys in db 0. */
  keys: number;
  /** Commands Redis refused for want of memory since it started (`INFO errorstats`, errorstat_OOM). */
  oomRefusals: number;
}

const whole = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));

/** `INFO memory`, `INFO stats`, `INFO keyspace`, `INFO errorstats` and `CONFIG GET maxmemory maxmemory-policy` as facts. Pure. */
export function parseMemoryFacts(replies: {
  memory: string;
  stats: string;
  keyspace: string;
  errorstats: string;
  config: Readonly<Record<string, string>>;
}): MemoryFacts {
  const config = new Map(Object.entries(replies.config));
  const keys = /^db0:keys=(\d+)/m.exec(replies.keyspace)?.[1];
  return {
    usedMemory: whole(infoField(replies.memory, 'used_memory')) ?? 0,
    maxmemory: whole(config.get('maxmemory') ?? infoField(replies.memory, 'maxmemory')) ?? 0,
    policy: config.get('maxmemory-policy') ?? infoField(replies.memory, 'maxmemory_policy') ?? '',
    evictedKeys: whole(infoField(replies.stats, 'evicted_keys')) ?? 0,
    expiredKeys: whole(infoField(replies.stats, 'expired_keys')) ?? 0,
    keys: keys === undefined ? 0 : Number(keys),
    oomRefusals: Number(/^errorstat_OOM:count=(\d+)/m.exec(replies.errorstats)?.[1] ?? 0),
  };
}

/** Bytes free under the limit; Infinity when there is no limit. */
export const freeBytes = (facts: Pick<MemoryFacts, 'usedMemory' | 'maxmemory'>) =>
  facts.maxmemory === 0 ? Number.POSITIVE_INFINITY : Math.max(0, facts.maxmemory - facts.usedMemory);

/** A flat CONFIG GET reply ([name, value, ...], as ioredis gives it) as a record. Pure. */
export function configRecord(flat: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i]!] = flat[i + 1]!;
  return record;
}
