import type { PlaythroughScript } from '../script.js';
import { partitionedWorker } from './partitioned-worker.js';
import { workerOom } from './worker-oom.js';

/** Each outage's scripted session, by scenario id. */
export const playthroughScripts: Record<string, PlaythroughScript> = {
  'worker-oom': workerOom,
  'partitioned-worker': partitionedWorker,
};
