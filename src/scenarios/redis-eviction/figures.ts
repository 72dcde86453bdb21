/** The outage as data: Redis run as a cache, the busy hour that overflows it, the aftershock. */

/** Redis's memory limit while the outage is staged (the compose override's default). */
export const CACHE_MAXMEMORY = '1536kb';
export const CACHE_POLICY = 'allkeys-lru';
export const SAFE_POLICY = 'noeviction';

/**
 * The busy hour `up` sends: each export's message is about 1.1 KB, so 500 of them (550 KB), with
 * the ~18 KB result of every export the worker finishes meanwhile, outgrow the ~750 KB that 1.5 MB
 * leaves beside Redis's own ~0.8 MB (its start, Lua, clients): the queue is one key, and Redis
 * evicts it. Redis's own share stays fixed only with latency tracking off (the compose file): on,
 * every command name's first call keeps a ~24 KB histogram, and the lab's forty names took all the
 * room, so Redis refused the worker's result (OOM, even under allkeys-lru, no key left to evict)
 * and the worker died.
 */
export const BUSY_HOUR_EXPORTS = 500;

/** The burst `check --wait` sends after a fix, to see that nothing more is evicted. */
export const AFTERSHOCK_EXPORTS = 200;

/**
 * What one export costs Redis while it waits and after it ran, measured on the lab's stack: its
 * message (~1.1 KB) and its result, which carries the CSV (up to ~17.5 KB for 500 customers).
 */
export const BYTES_PER_EXPORT = 20 * 1024;

/**
 * How long `up` reads a missing export again before it counts it lost at the hand-over. A job is
 * in transit (off the queue, not yet in `unacked`) for milliseconds; a second of re-reads is ample
 * here (the grade keeps its longer window for judging), and each re-read costs `up` its time: the
 * queue is one key, evicted whole, so what is missing stays missing.
 */
export const HANDOVER_SETTLE_MS = 1000;

/** How long `up` waits for the busy hour to cost accepted exports, and how often it looks. */
export const LOSS_TIMEOUT_MS = 20_000;
