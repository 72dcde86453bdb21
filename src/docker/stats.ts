import { docker } from './engine.js';

/** One reading of a container's memory from the Engine API's stats endpoint. */
export interface MemoryReading {
  /** What `docker stats` calls MEM USAGE: usage less the page cache the kernel can drop. */
  usedBytes: number;
  /** The limit the stats report (the host's memory when the container has none). */
  limitBytes: number;
}

interface MemoryStats {
  usage?: number;
  limit?: number;
  stats?: { total_inactive_file?: number; inactive_file?: number; cache?: number };
}

/** `docker stats` arithmetic, pure: cgroup v2 reports inactive_file, v1 total_inactive_file. */
export function memoryReading(stats: { memory_stats?: MemoryStats } | undefined): MemoryReading | undefined {
  const memory = stats?.memory_stats;
  if (memory?.usage === undefined || memory.limit === undefined) return undefined;
  const cache = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? memory.stats?.cache ?? 0;
  return { usedBytes: Math.max(0, memory.usage - cache), limitBytes: memory.limit };
}

/**
 * One stats sample without the streaming wait (`one-shot`, Engine API 1.41+). The daemon still
 * answers on its collector's beat (up to a second here). Undefined for a stopped or missing
 * container, after `timeoutMs`, or once `signal` aborts the request (nothing is left open then).
 */
export async function containerMemory(name: string, timeoutMs = 5000, signal?: AbortSignal): Promise<MemoryReading | undefined> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, timeoutMs);
  try {
    const stats = await docker()
      .getContainer(name)
      .stats({ stream: false, 'one-shot': true, abortSignal: controller.signal } as { stream: false });
    return memoryReading(stats as { memory_stats?: MemoryStats });
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}
