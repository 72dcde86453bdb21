/** The outage as data: the poison export, the backlog around it, and the worker as the team hardened it. */

export { JOBS_BEFORE_POISON, POISON_LAYOUT, POISON_PREFIX, POISON_ROWS } from '../../kits/celery-redis/poison-backlog.js';

export const DEFAULT_BACKLOG = 1200;
/** The worker's memory cap: the one the team's fix of the earlier outage settled on, ample for every export here. */
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
