import { z } from 'zod';
import { stackBaselineFields, stackWorkerFields } from '../../kits/celery-redis/baseline.js';

/**
 * What `up` records once the partition is confirmed: the stack's fields (the worker's
 * `finishedAt` is the moment it was cut off, when the outage began) and the network it lost.
 * Stored as JSON in the state directory; parsed (never trusted) on every read.
 */
export const baselineSchema = z.object({
  ...stackBaselineFields,
  worker: z.object({
    ...stackWorkerFields,
    startedAt: z.string(),
    restartCount: z.number().int(),
    /** The lab's network the worker was cut from, and its address and aliases on it before the cut. */
    network: z.object({ name: z.string(), id: z.string(), ipAddress: z.string(), aliases: z.array(z.string()) }),
  }),
  backlog: stackBaselineFields.backlog.extend({
    /** Exports the worker had finished when it was cut off. */
    finishedBeforePartition: z.number().int(),
  }),
});
export type Baseline = z.infer<typeof baselineSchema>;
