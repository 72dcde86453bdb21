import type { StackFiles } from '../../docker/compose.js';
import { workerOomStack } from '../worker-oom/stack-files.js';

/** The shared stack, with the worker as poison-loop's team hardened it laid over it. */
export const poisonLoopStack: StackFiles = { ...workerOomStack, overrides: ['compose/poison-loop/docker-compose.yml'] };
