import type { Redis } from 'ioredis';
import { decodeEnvelope, exportTaskOf } from '../../kits/celery-redis/broker/envelope.js';
import { queueKeys, UNACKED_HASH, UNACKED_INDEX } from '../../kits/celery-redis/broker/redis.js';

/** A copy of an export's message found in a key that is neither the queue nor kombu's `unacked`. */
export interface HeldCopy {
  exportId: string;
  key: string;
  /** The key's Redis type: list, hash, string, set, zset. */
  type: string;
  /** The message body (base64 of args, kwargs, embed) the copy carries. */
  body: string;
  /** The copy is kombu's `unacked` entry as is (`[message, exchange, routing_key]`), not the bare message. */
  asUnackedEntry: boolean;
}

export interface QuarantineView {
  reachable: boolean;
  error?: string;
  copies: HeldCopy[];
  /** Keys read (for the evidence). */
  keysRead: number;
}

/** Keys kombu and Celery own: the queue's lists, `unacked` and its index and lock, bindings, results. */
export function isBrokerOwnKey(key: string): boolean {
  if (queueKeys().includes(key) || key === UNACKED_HASH || key === UNACKED_INDEX || key === 'unacked_mutex') return true;
  return key.startsWith('_kombu.') || key.startsWith('celery-task-meta-') || key.startsWith('celery-taskset-meta-') || key.startsWith('/0.celeryev');
}

/** One stored value as the export message it carries: a bare message, or kombu's unacked entry. Pure. */
export function copyOf(key: string, type: string, value: string): HeldCopy | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  const asUnackedEntry = Array.isArray(parsed);
  const message = asUnackedEntry ? (parsed as unknown[])[0] : parsed;
  if (typeof message !== 'object' || message === null) return undefined;
  try {
    const decoded = decodeEnvelope(JSON.stringify(message));
    const task = exportTaskOf(decoded);
    return task ? { exportId: task.exportId, key, type, body: decoded.envelope.body, asUnackedEntry } : undefined;
  } catch {
    return undefined;
  }
}

/** The values of one key, whatever its type (the members of a set or zset, a hash's values). */
async function valuesOf(redis: Redis, key: string, type: string): Promise<string[]> {
  switch (type) {
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'hash':
      return Object.values(await redis.hgetall(key));
    case 'string':
      return [(await redis.get(key)) ?? ''];
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, 0, -1);
    default:
      return [];
  }
}

/**
 * Every export message kept outside the queue and `unacked`: wherever a learner put it aside
 * (a list by LMOVE or RPUSH, a hash, a plain key, a set). Reads only: SCAN, TYPE and the values.
 */
export async function readQuarantine(redis: Redis): Promise<QuarantineView> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch.filter((key) => !isBrokerOwnKey(key)));
  } while (cursor !== '0');
  const copies: HeldCopy[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    for (const value of await valuesOf(redis, key, type)) {
      const copy = copyOf(key, type, value);
      if (copy) copies.push(copy);
    }
  }
  return { reachable: true, copies, keysRead: keys.length };
}
