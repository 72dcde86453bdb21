import { PROJECT } from '../../lab/project.js';

/** The outage as data: the same three containers and queue as the lab's stack. */
export { CONTAINERS, type ContainerName, QUEUE } from '../worker-oom/figures.js';

/** The network compose makes for the lab (its project's default network): the worker loses it. */
export const LAB_NETWORK = `${PROJECT}_default`;
/** The DNS name the stack reaches its broker by (the service's name on the lab's network). */
export const BROKER_HOST = 'redis';

/** About twenty minutes of customers at one export every three seconds. */
export const DEFAULT_BACKLOG = 400;
export const DEFAULT_WEB_PORT = 8080;
export const DEFAULT_CUSTOMER_INTERVAL_MS = 3000;

/**
 * The worker finishes the backlog's first small exports, takes the large one behind them and is
 * cut off while it works on it (a large export runs for seconds, so the moment is not a race):
 * the job in its hands stays in `unacked` and its result cannot be stored.
 */
export { JOBS_BEFORE_IN_FLIGHT } from '../worker-oom/figures.js';

/**
 * The worker's broker socket timeout (seconds, the stack's AOL_BROKER_SOCKET_TIMEOUT): a read that
 * hangs longer breaks the connection, and Celery starts reconnecting. Measured in the lab (Celery
 * 5.5.2, kombu 5.5.3, redis-py 6.1): the first error lines 7 to 35 s after the cut, then
 * "Cannot connect to redis://...: Error -3 connecting to redis:6379. Temporary failure in name
 * resolution" every 2, 4, 6, ... 30 s (kombu's interval_start 2, step 2, max 30), each attempt
 * taking about 10 s more for the resolver to give up, up to 100 attempts (about an hour).
 */
export const BROKER_SOCKET_TIMEOUT_S = 5;

/** How long `up` and `check` listen for Celery's worker heartbeats (every 2 s) to count live consumers. */
export const HEARTBEAT_LISTEN_MS = 3000;

/** kombu's visibility timeout (its default): a job held in `unacked` this long goes back on the queue. */
export { VISIBILITY_TIMEOUT_S } from '../worker-oom/figures.js';
