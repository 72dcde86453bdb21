import type { PlaythroughScript } from '../script.js';
import { partitionedWorker } from './partitioned-worker.js';
import { poisonLoop } from './poison-loop.js';
import { redisEviction } from './redis-eviction.js';
import { workerOom } from './worker-oom.js';

/** Each outage's scripted session, by scenario id. */
export const playthroughScripts: Record<string, PlaythroughScript> = {
  'worker-oom': workerOom,
  'redis-eviction': redisEviction,
  'poison-loop': poisonLoop,
  'partitioned-worker': partitionedWorker,
};
