import type { ExportRecord } from '../ledger.js';

/** One reading of where exports are: finished (a CSV exists) or held by Redis (queued or unacked). */
export interface Whereabouts {
  finished: ReadonlySet<string>;
  queued: ReadonlySet<string>;
  unacked: ReadonlySet<string>;
}

/** Every ledger export, placed: the re-drive queues only `missing`, and only once. */
export interface RedrivePlan {
  accepted: number;
  finished: string[];
  waiting: string[];
  unacked: string[];
  /** Seen in no reading: not finished, not queued, not in `unacked`. */
  missing: ExportRecord[];
}

/**
 * Places each ledger export by the readings, oldest reading first. An export any reading saw
 * finished, queued or unacked is not missing: kombu moves a job from the list to `unacked` in a
 * second round trip, and the web records an export just before it pushes it, so one reading
 * alone may miss a job that is safe. Pure.
 */
export function planRedrive(ledger: readonly ExportRecord[], readings: readonly Whereabouts[]): RedrivePlan {
  const plan: RedrivePlan = { accepted: ledger.length, finished: [], waiting: [], unacked: [], missing: [] };
  const newestFirst = [...readings].reverse();
  for (const record of ledger) {
    const { id } = record;
    const holder = newestFirst.find((reading) => reading.queued.has(id) || reading.unacked.has(id));
    if (readings.some((reading) => reading.finished.has(id))) plan.finished.push(id);
    else if (holder?.unacked.has(id)) plan.unacked.push(id);
    else if (holder) plan.waiting.push(id);
    else plan.missing.push(record);
  }
  return plan;
}

/** Which readings are needed: another one while anything is missing and readings are left. */
export const needsAnotherReading = (plan: RedrivePlan, readingsTaken: number, maxReadings: number) => plan.missing.length > 0 && readingsTaken < maxReadings;
