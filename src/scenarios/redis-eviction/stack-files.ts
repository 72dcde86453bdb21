import { stackWith } from '../../kits/celery-redis/stack-files.js';

/** The shared stack, with Redis run as a cache and results that carry each CSV (compose/redis-eviction/). */
export const redisEvictionStack = stackWith('redis-eviction');
