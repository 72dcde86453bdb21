import { inspectLab } from '../../../docker/engine.js';
import { readLedger } from '../../../kits/celery-redis/observe/web-api.js';
import { type LabAddress, readDepthAndMemory } from '../observe/lab-reads.js';
import type { MemoryFacts } from '../observe/memory-facts.js';
import { CONTAINERS, type ContainerName } from '../observe/snapshot.js';

/** One live reading for `status`. */
export interface EvictionSample {
  at: number;
  containers: Record<ContainerName, { exists: boolean; status?: string; running?: boolean; exitCode?: number; startedAt?: string; restartCount?: number }>;
  /** Undefined: Redis unreadable. */
  redis?: { depth: number; memory: MemoryFacts };
  /** Undefined: the web unreadable. */
  ledger?: { accepted: number; finished: number; oldestUnfinishedAt?: string; responses202: number };
}

/** Reads the containers, Redis (without touching its keys' LRU) and the ledger once. Never throws. */
export async function sampleLab(lab: LabAddress, calls: Record<string, number>): Promise<EvictionSample> {
  calls.docker = (calls.docker ?? 0) + 1;
  calls.redis = (calls.redis ?? 0) + 2;
  calls.web = (calls.web ?? 0) + 1;
  const [infos, redis, ledger] = await Promise.all([
    inspectLab(CONTAINERS),
    readDepthAndMemory(lab).catch(() => undefined),
    readLedger(lab.sitePort).catch(() => undefined),
  ]);
  const containers = Object.fromEntries(
    CONTAINERS.map((name) => {
      const info = infos[name];
      return [
        name,
        info
          ? {
              exists: true,
              status: info.State.Status,
              running: info.State.Running,
              exitCode: info.State.ExitCode,
              startedAt: info.State.StartedAt,
              restartCount: info.RestartCount,
            }
          : { exists: false },
      ];
    }),
  ) as EvictionSample['containers'];
  const unfinished = ledger?.entries.filter((entry) => !entry.ready) ?? [];
  return {
    at: Date.now(),
    containers,
    ...(redis ? { redis } : {}),
    ...(ledger
      ? {
          ledger: {
            accepted: ledger.entries.length,
            finished: ledger.entries.length - unfinished.length,
            ...(unfinished[0] ? { oldestUnfinishedAt: unfinished[0].acceptedAt } : {}),
            responses202: ledger.responses['202'] ?? 0,
          },
        }
      : {}),
  };
}
