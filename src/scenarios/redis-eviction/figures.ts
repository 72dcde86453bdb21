/** The outage as data: Redis run as a cache, the busy hour that overflows it, the aftershock. */

/** Redis's memory limit while the outage is staged (the compose override's default). */
export const CACHE_MAXMEMORY = '1536kb';
export const CACHE_POLICY = 'allkeys-lru';
export const SAFE_POLICY = 'noeviction';

/**
 * The busy hour `up` sends: each export's message is about 1.1 KB, so 500 of them (550 KB) outgrow
 * the ~450 KB that 1.5 MB leaves beside Redis's own ~1 MB (its clients and buffers), whatever the
 * worker takes meanwhile: the queue is one key, and Redis evicts it. Measured: 1 MB leaves nothing,
 * and Redis refuses the pushes instead (OOM, even under allkeys-lru, once no key is left to evict).
 */
export const BUSY_HOUR_EXPORTS = 500;

/** The burst `check --wait` sends after a fix, to see that nothing more is evicted. */
export const AFTERSHOCK_EXPORTS = 200;

/**
 * What one export costs Redis while it waits and after it ran, measured on the lab's stack: its
 * message (~1.1 KB) and its result, which carries the CSV (up to ~17.5 KB for 500 customers).
 */
export const BYTES_PER_EXPORT = 20 * 1024;

/** How long `up` waits for the busy hour to cost accepted exports, and how often it looks. */
export const LOSS_TIMEOUT_MS = 20_000;
