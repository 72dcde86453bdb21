import type { StackFiles } from '../../docker/compose.js';
import { workerOomStack } from '../worker-oom/stack-files.js';

/** The shared stack, with Redis run as a cache and results that carry each CSV (compose/redis-eviction). */
export const redisEvictionStack: StackFiles = { ...workerOomStack, overrides: ['compose/redis-eviction/docker-compose.yml'] };
