import { type BacklogPlan, between, planIds } from './backlog.js';
import type { ExportTask } from './broker/envelope.js';
import { SMALL_ROWS as ROWS } from './figures.js';

/** The export that crashes the worker: its id starts with this, as in the incident. */
export const POISON_PREFIX = '5a1f';
/** How many exports the worker finishes before it reaches the poison one. */
export const JOBS_BEFORE_POISON = 3;
/** The poison export is a long one: its run before the crash adds to the age of its delivery. Every other export is small. */
export const POISON_ROWS = 150_000;

/**
 * The customer's column layout the CSV writer cannot handle: one column has no title (null).
 * The worker's `layouts.column_titles` hands that null to a C string copy, which reads address 0.
 */
export const POISON_LAYOUT = { columns: [{ title: 'Kunde' }, { title: 'Bestellungen' }, { title: null }, { title: 'Region' }] } as const;

/**
 * The web's `plan: "poison-export"` backlog: small exports only, and after JOBS_BEFORE_POISON of them the one
 * export whose customer layout crashes the worker (id starting with 5a1f). The plan's in-flight
 * export is that poison export; no export is large.
 */
export function planPoisonBacklog(count: number, options: { random?: () => number; newId?: () => string } = {}): BacklogPlan {
  const { random, freshId, inFlightId: poisonId } = planIds(count, JOBS_BEFORE_POISON, POISON_PREFIX, options);
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
