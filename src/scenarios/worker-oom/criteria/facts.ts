import type { ContainerView, WorkerEvent } from '../../../kits/celery-redis/observe/snapshot.js';
import { MIB } from '../../../project/names.js';

/** This outage's derived facts for the criteria, beside the stack's shared ones. Pure. */
export { ago, clock, count, later, plural, sameInstant, shortId, stateOf, stoppedDuringCheck, when } from '../../../kits/celery-redis/criteria/facts.js';

import { count, later } from '../../../kits/celery-redis/wording.js';

export const mib = (bytes: number) => `${count(Math.round(bytes / MIB))} MiB`;

/** cgroup v1 writes "no limit" as a page-aligned number near 2^63. */
const UNLIMITED_FLOOR = 2 ** 60;

export interface MemoryLimit {
  /** Undefined when nothing limits the container. */
  bytes?: number;
  /** Where the figure comes from: the kernel's cgroup, or Docker's HostConfig. */
  source: 'cgroup' | 'HostConfig';
}

/**
 * The memory the kernel lets the container use before it OOM-kills it: the cgroup's figure when
 * it was read (running containers), else HostConfig's Memory and MemorySwap (0 or -1: no limit).
 */
export function effectiveMemoryLimit(view: ContainerView): MemoryLimit {
  const limited = (value: number | undefined): value is number => value !== undefined && value > 0 && value < UNLIMITED_FLOOR;
  if (view.cgroupLimitBytes !== undefined) {
    return limited(view.cgroupLimitBytes) ? { bytes: view.cgroupLimitBytes, source: 'cgroup' } : { source: 'cgroup' };
  }
  const memory = view.memoryBytes;
  const swap = view.memorySwapBytes;
  if (!limited(memory)) {
    return limited(swap) ? { bytes: swap, source: 'HostConfig' } : { source: 'HostConfig' };
  }
  return { bytes: limited(swap) ? Math.min(memory, swap) : memory, source: 'HostConfig' };
}

export const limitText = (limit: MemoryLimit) =>
  limit.bytes === undefined
    ? `no memory limit (${limit.source})`
    : `a memory limit of ${mib(limit.bytes)} (${limit.source === 'cgroup' ? "the kernel's cgroup" : 'HostConfig'})`;

/**
 * The worker's history since its latest `start`: events about the current container (events
 * without an id are taken as the worker's), split at the last start, oldest first. Events before
 * the container's own StartedAt belong to an earlier run even when that run's `start` event has
 * not arrived yet: Engine 28 sends it a second or two after the process started.
 */
export function sinceLatestStart(
  events: WorkerEvent[],
  id: string | undefined,
  startedAt?: string,
): { start?: WorkerEvent; after: WorkerEvent[]; mine: WorkerEvent[] } {
  const mine = events.filter((event) => event.id === undefined || id === undefined || event.id === id);
  let index = -1;
  mine.forEach((event, i) => {
    if (event.action === 'start') index = i;
  });
  const after = (index < 0 ? mine : mine.slice(index + 1)).filter((event) => !later(startedAt, event.time));
  return index < 0 ? { after, mine } : { start: mine[index], after, mine };
}

/** The deaths among events: `oom` and `die`, with what each said. */
export function deaths(events: WorkerEvent[]): { oom: boolean; die?: WorkerEvent } {
  return { oom: events.some((event) => event.action === 'oom'), die: [...events].reverse().find((event) => event.action === 'die') };
}
