import { readAllResults } from './broker/results.js';
import { withLabRedis } from './observe/lab-redis.js';
import type { LedgerEntry } from './observe/snapshot.js';

/**
 * When the result backend stored each successful export, by export id (the task id is the export
 * id). `before` runs on the connection first (e.g. CLIENT NO-TOUCH, so reading changes nothing a
 * still-evicting Redis drops next). Throws when Redis cannot be read.
 */
export async function readFinishedAt(password: string, before?: (redis: Parameters<Parameters<typeof withLabRedis>[1]>[0]) => Promise<unknown>) {
  return withLabRedis(password, async (redis) => {
    await before?.(redis);
    const finished: Record<string, string> = {};
    for (const [id, result] of await readAllResults(redis)) if (result.status === 'SUCCESS' && result.dateDone) finished[id] = result.dateDone;
    return finished;
  });
}

/**
 * When the backlog at the fix ran out: once every export accepted up to `fixAt` is finished (its
 * CSV; customers keep adding new ones, so the newest result says nothing), the last of their
 * results. Undefined while one of them is unfinished. A result missing for a finished export (an
 * evicted one) belonged to an export done earlier. Pure.
 */
export function backlogDrainedAt(ledger: readonly LedgerEntry[], finishedAt: Readonly<Record<string, string>>, fixAt: string | undefined) {
  if (fixAt === undefined) return undefined;
  const backlog = ledger.filter((entry) => entry.acceptedAt <= fixAt);
  if (backlog.length === 0 || !backlog.every((entry) => entry.ready)) return undefined;
  const at = backlog
    .flatMap((entry) => finishedAt[entry.id] ?? [])
    .sort()
    .at(-1);
  return at === undefined ? undefined : { at, exports: backlog.length };
}
