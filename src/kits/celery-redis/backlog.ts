import { randomUUID } from 'node:crypto';
import type { ExportTask } from './broker/envelope.js';
import { IN_FLIGHT_PREFIX, IN_FLIGHT_ROWS, JOBS_BEFORE_IN_FLIGHT, LARGE_EVERY, LARGE_ROWS, SMALL_ROWS } from './figures.js';

export interface BacklogPlan {
  /** In consumption order: tasks[0] is the first the worker takes. */
  tasks: ExportTask[];
  inFlightId: string;
  largeIds: string[];
  /** The largest export after the in-flight one: what a restarted worker must survive. */
  largestWaitingRows: number;
}

/** A small deterministic PRNG (mulberry32), so a plan can be reproduced from its seed in tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/**
 * The ids of a planned backlog: the in-flight export's, starting with `prefix`, and a maker of
 * every other id, none starting with it (so the prefix names one export only).
 */
export function planIds(count: number, before: number, prefix: string, options: { random?: () => number; newId?: () => string }) {
  if (!Number.isInteger(count) || count < before + 2) throw new RangeError(`a backlog needs at least ${before + 2} jobs, got ${count}`);
  const newId = options.newId ?? randomUUID;
  const freshId = () => {
    for (;;) {
      const id = newId();
      if (!id.startsWith(prefix)) return id;
    }
  };
  return { random: options.random ?? Math.random, freshId, inFlightId: `${prefix}${newId().slice(prefix.length)}` };
}

/**
 * The seeded backlog: mostly small exports, a large one about every LARGE_EVERY jobs (the first
 * soon after the fatal one, so a worker restarted without more memory dies again within seconds),
 * and the fatal large export whose id starts with 7c9d after JOBS_BEFORE_IN_FLIGHT small ones.
 */
export function planBacklog(count: number, options: { random?: () => number; newId?: () => string } = {}): BacklogPlan {
  const { random, freshId, inFlightId } = planIds(count, JOBS_BEFORE_IN_FLIGHT, IN_FLIGHT_PREFIX, options);
  const largeAt = new Set<number>();
  // First large one within a few dozen jobs of the fatal one, then about every LARGE_EVERY.
  for (let at = JOBS_BEFORE_IN_FLIGHT + between(random, 12, 30); at < count; at += between(random, LARGE_EVERY * 0.6, LARGE_EVERY * 1.4)) {
    largeAt.add(at);
  }
  const tasks: ExportTask[] = [];
  const largeIds: string[] = [];
  let largestWaitingRows = 0;
  for (let i = 0; i < count; i++) {
    if (i === JOBS_BEFORE_IN_FLIGHT) {
      tasks.push({ exportId: inFlightId, rows: IN_FLIGHT_ROWS, report: 'orders-full-history' });
      continue;
    }
    if (largeAt.has(i)) {
      const task = { exportId: freshId(), rows: between(random, LARGE_ROWS.min, LARGE_ROWS.max), report: 'orders-full-history' };
      largeIds.push(task.exportId);
      largestWaitingRows = Math.max(largestWaitingRows, task.rows);
      tasks.push(task);
      continue;
    }
    const task = { exportId: freshId(), rows: between(random, SMALL_ROWS.min, SMALL_ROWS.max), report: 'orders' };
    // The jobs before the fatal one are finished by then: they are not waiting.
    if (i > JOBS_BEFORE_IN_FLIGHT) largestWaitingRows = Math.max(largestWaitingRows, task.rows);
    tasks.push(task);
  }
  return { tasks, inFlightId, largeIds, largestWaitingRows };
}
