import { type ExitedWorkerBaseline, exitedWorkerBaselineSchema } from '../../kits/celery-redis/baseline.js';

/**
 * What `up` records once the outage is confirmed: the stack's fields, and the worker as the
 * kernel left it. Stored as JSON in the state directory; parsed (never trusted) on every read.
 */
export const baselineSchema = exitedWorkerBaselineSchema;
export type Baseline = ExitedWorkerBaseline;
