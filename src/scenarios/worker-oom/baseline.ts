import { z } from 'zod';
import { stackBaselineFields, stackWorkerFields } from '../../kits/celery-redis/baseline.js';

/**
 * What `up` records once the outage is confirmed: the stack's fields, and the worker as the
 * kernel left it. Stored as JSON in the state directory; parsed (never trusted) on every read.
 */
export const baselineSchema = z.object({
  ...stackBaselineFields,
  worker: z.object({
    ...stackWorkerFields,
    exitCode: z.number().int(),
    oomKilled: z.boolean(),
    memoryLimitBytes: z.number().int(),
  }),
});
export type Baseline = z.infer<typeof baselineSchema>;
