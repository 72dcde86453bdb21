/** The outage as data: the poison export, the backlog around it, and the worker as the team hardened it. */

/** The export that crashes the worker: its id starts with this, as in the incident. */
export const POISON_PREFIX = '5a1f';
/** How many exports the worker finishes before it reaches the poison one. */
export const JOBS_BEFORE_POISON = 3;
/** The poison export is a long one: its run before the crash adds to the age of its delivery. Every other export is small. */
export const POISON_ROWS = 150_000;
export const ROWS = { min: 50, max: 5000 } as const;

/**
 * The customer's column layout the CSV writer cannot handle: one column has no title (null).
 * The worker's `layouts.column_titles` hands that null to a C string copy, which reads address 0.
 */
export const POISON_LAYOUT = { columns: [{ title: 'Kunde' }, { title: 'Bestellungen' }, { title: null }, { title: 'Region' }] } as const;

export const DEFAULT_BACKLOG = 1200;
/** The worker's memory cap: the one worker-oom's fix settled on, ample for every export here. */
export const WORKER_CAP = '256m';
export const WORKER_CAP_BYTES = 256 * 1024 * 1024;

/**
 * kombu's visibility timeout as the team shortened it: a delivery unacknowledged this long is
 * restored (to the consuming end of the queue) when a worker starts. A dead worker's poison
 * export is older than that by the time Docker has started the worker again, so it is the first job
 * the new run takes.
 */
export const VISIBILITY_TIMEOUT_S = 1;
/** A SIGSEGV: 128 + 11. An OOM kill is 137 (128 + 9, SIGKILL). */
export const SEGFAULT_EXIT = 139;
export const OOM_EXIT = 137;
