import { stackWith } from '../../kits/celery-redis/stack-files.js';

/** The shared stack, with the worker's memory cap (compose/worker-oom/). */
export const workerOomStack = stackWith('worker-oom');
