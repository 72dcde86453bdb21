import { randomUUID } from 'node:crypto';
import type { BacklogPlan } from '../worker-oom/backlog.js';
import type { ExportTask } from '../worker-oom/broker/envelope.js';
import { JOBS_BEFORE_POISON, POISON_LAYOUT, POISON_PREFIX, POISON_ROWS, ROWS } from './figures.js';

const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/**
 * The backlog of poison-loop: small exports only, and after JOBS_BEFORE_POISON of them the one
 * export whose customer layout crashes the worker (id starting with 5a1f). The plan's in-flight
 * export is that poison export; no export is large.
 */
export function planPoisonBacklog(count: number, options: { random?: () => number; newId?: () => string } = {}): BacklogPlan {
  if (!Number.isInteger(count) || count < JOBS_BEFORE_POISON + 2) {
    throw new RangeError(`a backlog needs at least ${JOBS_BEFORE_POISON + 2} jobs, got ${count}`);
  }
  const random = options.random ?? Math.random;
  const newId = options.newId ?? randomUUID;
  const freshId = () => {
    for (;;) {
      const id = newId();
      if (!id.startsWith(POISON_PREFIX)) return id;
    }
  };
  const poisonId = `${POISON_PREFIX}${newId().slice(POISON_PREFIX.length)}`;
  const tasks: ExportTask[] = [];
  let largestWaitingRows = 0;
  for (let i = 0; i < count; i++) {
    if (i === JOBS_BEFORE_POISON) {
      tasks.push({ exportId: poisonId, rows: POISON_ROWS, report: 'orders', layout: POISON_LAYOUT });
      continue;
    }
    const task = { exportId: freshId(), rows: between(random, ROWS.min, ROWS.max), report: 'orders' };
    if (i > JOBS_BEFORE_POISON) largestWaitingRows = Math.max(largestWaitingRows, task.rows);
    tasks.push(task);
  }
  return { tasks, inFlightId: poisonId, largeIds: [], largestWaitingRows };
}
