import type { Redis } from 'ioredis';
import { QUEUE } from '../figures.js';
import { type ExportTask, encodeExportTask } from './envelope.js';

/**
 * Pushes each export with its own LPUSH, all in one pipeline, as many producers would: each push
 * succeeds or fails on its own. Returns, per task, undefined or the error Redis answered.
 */
export async function enqueueEach(redis: Redis, tasks: readonly ExportTask[], origin: string): Promise<Array<Error | undefined>> {
  const pipeline = redis.pipeline();
  for (const task of tasks) pipeline.lpush(QUEUE, encodeExportTask(task, { origin }));
  const replies = (await pipeline.exec()) ?? [];
  return tasks.map((_, i) => replies[i]?.[0] ?? (replies[i] ? undefined : new Error('no reply from redis')));
}
