import type { StackFiles } from '../../docker/compose.js';
import { stackWith } from '../../kits/celery-redis/stack-files.js';

/** The shared stack, with the worker as poison-loop's team hardened it (compose/poison-loop/) read after it. */
export const poisonLoopStack: StackFiles = stackWith('poison-loop');
