import { MIB } from '../../project/names.js';

/** The outage as data: its containers, queue, cap and the figures of its backlog. */
export const CONTAINERS = ['web', 'redis', 'worker'] as const;
export type ContainerName = (typeof CONTAINERS)[number];

export const QUEUE = 'celery';
export const TASK_NAME = 'exports.generate_csv';

export const DEFAULT_BACKLOG = 1487;
export const DEFAULT_WEB_PORT = 8080;
export const DEFAULT_CUSTOMER_INTERVAL_MS = 3000;
/** The worker's cap while the outage is set up: the large export in flight cannot fit. */
export const WORKER_CAP_BYTES = 160 * 1024 * 1024;
export const WORKER_CAP = '160m';

/** The export the worker dies on: its id starts with this, as in the incident. */
export const IN_FLIGHT_PREFIX = '7c9d';
/** How many small exports the worker finishes before it reaches the fatal one. */
export const JOBS_BEFORE_IN_FLIGHT = 3;

/**
 * Memory model of exports.generate_csv, measured in the lab's image (Python 3.13):
 * an idle solo worker holds about 40 MiB; each row takes one 200-byte record slot.
 */
export const WORKER_IDLE_MIB = 40;
export const BYTES_PER_ROW = 200;
export const SMALL_ROWS = { min: 50, max: 5000 } as const;
export const LARGE_ROWS = { min: 900_000, max: 1_300_000 } as const;
export const IN_FLIGHT_ROWS = 1_400_000;
/** Every this many jobs (with jitter) the backlog holds one large export. */
export const LARGE_EVERY = 100;

/**
 * kombu's Redis visibility timeout (its default; the worker does not change it): a delivered job
 * left unacknowledged this long goes back on the queue at the next restore sweep of a running worker.
 */
export const VISIBILITY_TIMEOUT_S = 3600;

/** Peak memory, in MiB, that a worker needs to finish an export of `rows` rows. */
export function peakMiB(rows: number): number {
  return Math.ceil(WORKER_IDLE_MIB + (rows * BYTES_PER_ROW) / MIB);
}

/** The limit we ask for: the peak plus 10% for the allocator and Celery's own bookkeeping. */
export function requiredLimitMiB(rows: number): number {
  return Math.ceil(peakMiB(rows) * 1.1);
}

