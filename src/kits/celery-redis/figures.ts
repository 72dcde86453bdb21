/** The stack as data: its containers, queue, defaults and the figures of the backlog `up` seeds. */
export const CONTAINERS = ['web', 'redis', 'worker'] as const;
export type ContainerName = (typeof CONTAINERS)[number];

export const QUEUE = 'celery';
export const TASK_NAME = 'exports.generate_csv';

export const DEFAULT_WEB_PORT = 8080;
export const DEFAULT_CUSTOMER_INTERVAL_MS = 3000;

/** The export the worker dies on: its id starts with this, as in the incident. */
export const IN_FLIGHT_PREFIX = '7c9d';
/** How many small exports the worker finishes before it reaches the fatal one. */
export const JOBS_BEFORE_IN_FLIGHT = 3;

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
