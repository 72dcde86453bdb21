import { PROJECT } from '../../project/names.js';

/** The network compose makes for the lab (its project's default network): the worker loses it. */
export const LAB_NETWORK = `${PROJECT}_default`;

/** About twenty minutes of customers at one export every three seconds. */
export const DEFAULT_BACKLOG = 400;

/**
 * The worker's broker socket timeout (seconds, the stack's AOL_BROKER_SOCKET_TIMEOUT): a read that
 * hangs longer breaks the connection, and Celery starts reconnecting. Measured in the lab (Celery
 * 5.5.2, kombu 5.5.3, redis-py 6.1): the first error lines 18 s after a cut in the large export,
 * then "Cannot connect to redis://...: Error -3 connecting to redis:6379. Temporary failure in
 * name resolution" with "Trying again in 2, 4, 6, ... 30 seconds" (kombu's interval_start 2, step
 * 2, max 30), each attempt about 10 s more for the resolver to give up, up to 100 attempts.
 */
export const BROKER_SOCKET_TIMEOUT_S = 5;

/** How long `up` and `check` listen at least for Celery's worker heartbeats (every 2 s) to count live consumers. */
export const HEARTBEAT_LISTEN_MS = 3000;
