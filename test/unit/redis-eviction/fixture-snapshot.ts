import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackStateSchema } from '../../../src/kits/celery-redis/baseline.js';
import { decodeEnvelope, exportTaskOf } from '../../../src/kits/celery-redis/broker/envelope.js';
import { infoField, parseCommandStats, parseUnacked } from '../../../src/kits/celery-redis/broker/redis.js';
import type { LedgerReply } from '../../../src/kits/celery-redis/web/contract.js';
import { containerViewFromInspect } from '../../../src/observe/from-inspect.js';
import { type Baseline, baselineSchema } from '../../../src/scenarios/redis-eviction/baseline.js';
import { parseMemoryFacts } from '../../../src/scenarios/redis-eviction/observe/memory-facts.js';
import { CONTAINERS, type Snapshot } from '../../../src/scenarios/redis-eviction/observe/snapshot.js';

/** A state of the real lab, recorded by scripts/record-redis-eviction.sh. */
export type RecordedState = 'broken' | 'policy-only' | 'fixed-drained';

const dir = (state: RecordedState) => join(import.meta.dirname, '../../../fixtures/redis-eviction', state);
export const readText = (state: RecordedState, file: string) => readFileSync(join(dir(state), file), 'utf8');
const readJson = <T>(state: RecordedState, file: string) => JSON.parse(readText(state, file)) as T;

export const recordedBaseline = (): Baseline => stackStateSchema(baselineSchema).parse(readJson('broken', 'baseline.json'));

/** The recorded replies as the snapshot `check` takes from them (no aftershock, no drain). */
export function recordedSnapshot(state: RecordedState): Snapshot {
  const takenAt = readText(state, 'recorded-at.txt').trim();
  const queue = readJson<string[]>(state, 'queue.json');
  const flatIndex = readText(state, 'unacked-index.txt').split('\n').filter(Boolean);
  const unacked = parseUnacked(readJson<Record<string, string>>(state, 'unacked.json'), flatIndex);
  const queued: Record<string, number> = {};
  for (const job of unacked) queued[job.exportId] = job.rows;
  for (const raw of queue) {
    const task = exportTaskOf(decodeEnvelope(raw));
    if (task) queued[task.exportId] = task.rows;
  }
  const server = readText(state, 'info-server.txt');
  const ledger = readJson<LedgerReply>(state, 'ledger.json');
  const inspect = readJson<Array<{ Name: string }>>(state, 'inspect.json');
  const containers = Object.fromEntries(
    CONTAINERS.map((name) => [
      name,
      containerViewFromInspect(
        name,
        inspect.find((info) => info.Name === `/${name}`),
      ),
    ]),
  ) as Snapshot['containers'];
  return {
    takenAt,
    containers,
    events: [],
    broker: {
      reachable: true,
      readAt: takenAt,
      pong: true,
      runId: infoField(server, 'run_id') ?? '',
      queueDepth: queue.length,
      unackedCount: unacked.length,
      commandCalls: parseCommandStats(readText(state, 'info-commandstats.txt')),
      queuedIds: Object.keys(queued),
      queuedRows: queued,
      unacked,
    },
    memory: parseMemoryFacts({
      memory: readText(state, 'info-memory.txt'),
      stats: readText(state, 'info-stats.txt'),
      keyspace: readText(state, 'info-keyspace.txt'),
      errorstats: readText(state, 'info-errorstats.txt'),
      config: readJson<Record<string, string>>(state, 'config.json'),
    }),
    web: { reachable: true, rootStatus: 200, dashboardStatus: 200, responses: ledger.responses, ledger: ledger.entries },
    drain: [],
  };
}
