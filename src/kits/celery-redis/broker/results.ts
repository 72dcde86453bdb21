import type { Redis } from 'ioredis';
import { QUEUE } from '../figures.js';
import { decodeEnvelope, exportTaskOf } from './envelope.js';
import { parseUnacked, UNACKED_HASH, UNACKED_INDEX } from './redis.js';

/** Celery's result backend on Redis: one `celery-task-meta-<task id>` key per finished task. */
export const RESULT_PREFIX = 'celery-task-meta-';

export interface TaskResult {
  /** SUCCESS, FAILURE, RETRY, ...; PENDING when the backend holds nothing for the id. */
  status: string;
  /** When the worker stored the result (ISO time); absent while PENDING. */
  dateDone?: string;
  /** The task's return value (SUCCESS) or the exception's type and message (FAILURE). */
  result?: unknown;
}

/** One result backend value, as Celery's JSON serializer writes it. Pure. */
export function parseTaskResult(raw: string | null): TaskResult {
  if (raw === null) return { status: 'PENDING' };
  try {
    const meta = JSON.parse(raw) as { status?: unknown; date_done?: unknown; result?: unknown };
    const dateDone =
      typeof meta.date_done === 'string' ? new Date(/[Z+]/.test(meta.date_done.slice(10)) ? meta.date_done : `${meta.date_done}Z`).toISOString() : undefined;
    return { status: typeof meta.status === 'string' ? meta.status : 'UNKNOWN', ...(dateDone ? { dateDone } : {}), result: meta.result };
  } catch {
    return { status: 'UNKNOWN' };
  }
}

export async function readTaskResult(redis: Redis, taskId: string): Promise<TaskResult> {
  return parseTaskResult(await redis.get(`${RESULT_PREFIX}${taskId}`));
}

/** Every result the backend holds, by task id (SCAN, then one MGET per page). Reads only. */
export async function readAllResults(redis: Redis): Promise<Map<string, TaskResult>> {
  const results = new Map<string, TaskResult>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${RESULT_PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length === 0) continue;
    const values = await redis.mget(...keys);
    keys.forEach((key, i) => results.set(key.slice(RESULT_PREFIX.length), parseTaskResult(values[i] ?? null)));
  } while (cursor !== '0');
  return results;
}

/** Where one export's message is right now: waiting in the queue, held in `unacked`, or neither. */
export interface MessageWhereabouts {
  queued: boolean;
  unacked: boolean;
  /** kombu's `redelivered` flag on the copy Redis holds (set when it put the message back). */
  redelivered: boolean;
  queueDepth: number;
  unackedCount: number;
}

const redeliveredFlag = (raw: string): boolean => {
  try {
    const envelope = JSON.parse(raw) as { headers?: { redelivered?: unknown }; properties?: { delivery_info?: { redelivered?: unknown } } };
    return envelope.headers?.redelivered === true || envelope.properties?.delivery_info?.redelivered === true;
  } catch {
    return false;
  }
};

/** Finds one export's message in the queue and in `unacked`, in one MULTI/EXEC. Reads only. */
export async function findMessage(redis: Redis, exportId: string): Promise<MessageWhereabouts> {
  const replies = (await redis.multi().lrange(QUEUE, 0, -1).hgetall(UNACKED_HASH).zrange(UNACKED_INDEX, 0, -1, 'WITHSCORES').exec()) ?? [];
  const [queueReply, hashReply, indexReply] = replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const queue = (queueReply as string[]) ?? [];
  const hash = (hashReply as Record<string, string>) ?? {};
  const inQueue = queue.find((raw) => {
    try {
      return exportTaskOf(decodeEnvelope(raw))?.exportId === exportId;
    } catch {
      return false;
    }
  });
  const held = parseUnacked(hash, (indexReply as string[]) ?? []).find((job) => job.exportId === exportId);
  const heldRaw = held ? hash[held.deliveryTag] : undefined;
  let redelivered = inQueue ? redeliveredFlag(inQueue) : false;
  if (heldRaw) {
    try {
      const [message] = JSON.parse(heldRaw) as [unknown];
      redelivered ||= redeliveredFlag(typeof message === 'string' ? message : JSON.stringify(message));
    } catch {
      // an entry kombu did not write: no flag to read
    }
  }
  return { queued: Boolean(inQueue), unacked: Boolean(held), redelivered, queueDepth: queue.length, unackedCount: Object.keys(hash).length };
}
