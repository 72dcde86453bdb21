import { MIB } from '../../project/names.js';

/** What this outage sets on the shared stack: the backlog `up` queues and the worker's cap. */
export const DEFAULT_BACKLOG = 1487;
/** The worker's cap while the outage is set up: the large export in flight cannot fit. */
export const WORKER_CAP_BYTES = 160 * 1024 * 1024;
export const WORKER_CAP = '160m';

/**
 * Memory model of exports.generate_csv, measured in the lab's image (Python 3.13):
 * an idle solo worker holds about 40 MiB; each row takes one 200-byte record slot.
 */
export const WORKER_IDLE_MIB = 40;
export const BYTES_PER_ROW = 200;
/** Peak memory, in MiB, that a worker needs to finish an export of `rows` rows. */
export function peakMiB(rows: number): number {
  return Math.ceil(WORKER_IDLE_MIB + (rows * BYTES_PER_ROW) / MIB);
}

/** The limit we ask for: the peak plus 10% for the allocator and Celery's own bookkeeping. */
export function requiredLimitMiB(rows: number): number {
  return Math.ceil(peakMiB(rows) * 1.1);
}
