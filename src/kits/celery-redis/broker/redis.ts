import { Redis } from 'ioredis';
import { QUEUE } from '../figures.js';
import { decodeEnvelope, type ExportTask, encodeExportTask, exportTaskOf } from './envelope.js';

/**
 * The only place that talks to Redis. The web (inside its container) and the CLI (from the
 * host, through the published port) both go through these functions.
 */
export function connectRedis(url: string, options: { persistent?: boolean } = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    enableOfflineQueue: options.persistent ?? false,
    maxRetriesPerRequest: options.persistent ? 3 : 1,
    // The CLI wants an answer now, not a reconnect loop; the web keeps retrying for as long as it lives.
    retryStrategy: options.persistent ? (attempt) => Math.min(attempt * 200, 2000) : () => null,
  });
}

/** kombu's Redis transport keeps priority levels in sibling lists: celery, celery\x06\x163, ... */
export const PRIORITY_SEPARATOR = '\x06\x16';
export const queueKeys = (queue = QUEUE) => [queue, ...[3, 6, 9].map((p) => `${queue}${PRIORITY_SEPARATOR}${p}`)];
export const UNACKED_HASH = 'unacked';
export const UNACKED_INDEX = 'unacked_index';

/**
 * Pushes export tasks so that the first in `tasks` is consumed first (Celery's consumer BRPOPs
 * the tail). One pipeline, in chunks, so a backlog of thousands takes one round trip or two.
 */
export async function enqueueExports(redis: Redis, tasks: ExportTask[], origin: string, chunk = 500): Promise<void> {
  const pipeline = redis.pipeline();
  for (let i = 0; i < tasks.length; i += chunk) {
    const bodies = tasks.slice(i, i + chunk).map((task) => encodeExportTask(task, { origin }));
    pipeline.lpush(QUEUE, ...bodies);
  }
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

/**
 * Pushes export tasks onto the consuming end (RPUSH, last argument nearest the tail), so they are
 * taken before anything already queued, tasks[0] first. For a seeded backlog, whose first job
 * must be the first the worker takes even when customers queued some while the lab started.
 */
export async function enqueueExportsAhead(redis: Redis, tasks: ExportTask[], origin: string, chunk = 500): Promise<void> {
  const pipeline = redis.pipeline();
  for (let end = tasks.length; end > 0; end -= chunk) {
    const bodies = tasks
      .slice(Math.max(0, end - chunk), end)
      .reverse()
      .map((task) => encodeExportTask(task, { origin }));
    pipeline.rpush(QUEUE, ...bodies);
  }
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

export async function queueDepth(redis: Redis): Promise<number> {
  const pipeline = redis.pipeline();
  for (const key of queueKeys()) pipeline.llen(key);
  const results = (await pipeline.exec()) ?? [];
  return results.reduce((sum, [error, value]) => sum + (error ? 0 : Number(value)), 0);
}

/** Jobs kombu delivered at or after `since` (ms) and that are not acknowledged yet. */
export async function unackedSince(redis: Redis, sinceMs: number): Promise<number> {
  return Number(await redis.zcount(UNACKED_INDEX, sinceMs / 1000, '+inf'));
}

/** When kombu delivered each job still in `unacked` (its `unacked_index` scores), as ISO times. */
export async function unackedDeliveries(redis: Redis): Promise<string[]> {
  return [...parseScores(await redis.zrange(UNACKED_INDEX, 0, -1, 'WITHSCORES')).values()].map((score) => new Date(score * 1000).toISOString());
}

/** Parses `INFO commandstats` into calls per command (lower-case). */
export function parseCommandStats(info: string): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const line of info.split(/\r?\n/)) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match?.[1] && match[2]) calls[match[1].toLowerCase()] = Number(match[2]);
  }
  return calls;
}

/** Reads one field out of an INFO section. */
export function infoField(info: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match?.[1]?.trim();
}

/** A job kombu has delivered to a worker and not yet seen acknowledged (`unacked` + `unacked_index`). */
export interface UnackedJob {
  exportId: string;
  rows: number;
  deliveryTag: string;
  /** When kombu delivered it (its `unacked_index` score, the worker's clock); absent if the index lost it. */
  deliveredAt?: string;
}

export interface BrokerFacts {
  pong: boolean;
  runId: string;
  queueDepth: number;
  unackedCount: number;
  commandCalls: Record<string, number>;
  /** Rows by export id for every export job Redis still holds (queue and unacked). */
  queued: Record<string, number>;
  /** The export jobs in `unacked`, each with its delivery. */
  unacked: UnackedJob[];
}

/** The export an envelope carries, or undefined for anything else (still work, but not one we can name). */
function exportOf(raw: string): { exportId: string; rows: number } | undefined {
  try {
    const task = exportTaskOf(decodeEnvelope(raw));
    return task ? { exportId: task.exportId, rows: task.rows } : undefined;
  } catch {
    return undefined;
  }
}

/** `ZRANGE unacked_index 0 -1 WITHSCORES` as a flat [member, score, ...] reply, by member. */
export function parseScores(flat: string[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const score = Number(flat[i + 1]);
    if (Number.isFinite(score)) scores.set(flat[i]!, score);
  }
  return scores;
}

/**
 * kombu's `unacked` hash (delivery tag -> JSON `[message, exchange, routing_key]`) joined with
 * `unacked_index` (delivery tag -> delivery time in seconds), as export jobs. Pure.
 */
export function parseUnacked(hash: Record<string, string>, index: string[]): UnackedJob[] {
  const scores = parseScores(index);
  const jobs: UnackedJob[] = [];
  for (const [deliveryTag, raw] of Object.entries(hash)) {
    let message: unknown;
    try {
      [message] = JSON.parse(raw) as [unknown];
    } catch {
      continue;
    }
    const job = exportOf(typeof message === 'string' ? message : JSON.stringify(message));
    if (!job) continue;
    const score = scores.get(deliveryTag);
    jobs.push({ ...job, deliveryTag, ...(score === undefined ? {} : { deliveredAt: new Date(score * 1000).toISOString() }) });
  }
  // Oldest delivery first (the hash has no order); unknown times last.
  return jobs.sort((a, b) => (a.deliveredAt ?? '\uffff').localeCompare(b.deliveredAt ?? '\uffff'));
}

/**
 * Everything the lab reads from Redis, in one MULTI/EXEC: the queue and `unacked` come from the
 * same instant, so a job the worker acks or takes between two reads cannot be counted twice or
 * missed. (Only kombu's own BRPOP-then-HSET gap remains: see observe/settle.ts.) Reads only.
 */
export async function readBrokerFacts(redis: Redis): Promise<BrokerFacts> {
  const keys = queueKeys();
  const pipeline = redis.multi().ping().info('server').info('commandstats').hgetall(UNACKED_HASH).zrange(UNACKED_INDEX, 0, -1, 'WITHSCORES');
  for (const key of keys) pipeline.lrange(key, 0, -1);
  const results = (await pipeline.exec()) ?? [];
  const value = (index: number): unknown => {
    const entry = results[index];
    if (!entry) throw new Error('redis pipeline returned too few replies');
    if (entry[0]) throw entry[0];
    return entry[1];
  };
  const queued: Record<string, number> = {};
  const unacked = parseUnacked(value(3) as Record<string, string>, value(4) as string[]);
  for (const job of unacked) queued[job.exportId] = job.rows;
  let depth = 0;
  keys.forEach((_, i) => {
    const items = value(5 + i) as string[];
    depth += items.length;
    for (const raw of items) {
      const job = exportOf(raw);
      if (job) queued[job.exportId] = job.rows;
    }
  });
  return {
    pong: value(0) === 'PONG',
    runId: infoField(value(1) as string, 'run_id') ?? '',
    queueDepth: depth,
    unackedCount: Object.keys(value(3) as Record<string, string>).length,
    commandCalls: parseCommandStats(value(2) as string),
    queued,
    unacked,
  };
}

/** Celery's worker heartbeats, as kombu fans them out over Redis pub/sub (db 0's prefix). */
export const HEARTBEAT_CHANNEL = '/0.celeryev/worker.heartbeat';

/**
 * The queue's health in one pipeline (one round trip): depth over the priority lists, how many
 * deliveries wait in `unacked`, and the export at the consuming end of the queue (the oldest
 * waiting job: producers LPUSH, the worker BRPOPs the tail, so `LINDEX celery -1` is next out).
 */
export async function readQueueHealth(redis: Redis): Promise<{ queueDepth: number; unackedCount: number; oldestExportId: string | null }> {
  const keys = queueKeys();
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.llen(key);
  pipeline.hlen(UNACKED_HASH).lindex(QUEUE, -1);
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  const depth = keys.reduce((sum, _, i) => sum + Number(results[i]?.[1] ?? 0), 0);
  const tail = results[keys.length + 1]?.[1];
  return {
    queueDepth: depth,
    unackedCount: Number(results[keys.length]?.[1] ?? 0),
    oldestExportId: typeof tail === 'string' ? (exportOf(tail)?.exportId ?? null) : null,
  };
}

/** The hostname in one heartbeat message (a kombu envelope whose body is the event), or undefined. Pure. */
export function heartbeatHostname(message: string): string | undefined {
  try {
    const envelope = JSON.parse(message) as { body?: unknown; properties?: { body_encoding?: string } };
    const body =
      typeof envelope.body === 'string' && envelope.properties?.body_encoding === 'base64'
        ? Buffer.from(envelope.body, 'base64').toString('utf8')
        : envelope.body;
    const event = (typeof body === 'string' ? JSON.parse(body) : body) as { hostname?: unknown; type?: unknown };
    return typeof event?.hostname === 'string' ? event.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** Subscribes `redis` (a connection of its own) to worker heartbeats; `onHeartbeat` gets each hostname. */
export async function subscribeHeartbeats(redis: Redis, onHeartbeat: (hostname: string) => void): Promise<void> {
  redis.on('message', (channel: string, message: string) => {
    const hostname = channel === HEARTBEAT_CHANNEL ? heartbeatHostname(message) : undefined;
    if (hostname) onHeartbeat(hostname);
  });
  await redis.subscribe(HEARTBEAT_CHANNEL);
}
