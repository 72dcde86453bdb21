import { z } from 'zod';
import { labBaselineFields } from '../../lab/lab-baseline.js';

const containerRecord = z.object({ id: z.string(), startedAt: z.string(), restartCount: z.number().int() });

/**
 * What `up` records once the partition is confirmed: the evidence `check` compares against.
 * Stored as JSON in the state directory; parsed (never trusted) on every read.
 */
export const baselineSchema = z.object({
  ...labBaselineFields,
  web: containerRecord,
  /** The lab's Redis and the password it requires (made at `up`; the file is the owner's alone, mode 0600). */
  redis: containerRecord.extend({ runId: z.string(), password: z.string().min(16) }),
  worker: containerRecord.extend({
    /** The lab's network the worker was cut from, and its address and aliases on it before the cut. */
    network: z.object({ name: z.string(), id: z.string(), ipAddress: z.string(), aliases: z.array(z.string()) }),
    /** When the cut was made (ISO time, after `docker network disconnect` returned). */
    partitionedAt: z.string(),
  }),
  backlog: z.object({
    seededIds: z.array(z.string()),
    /** Exports the worker had finished when it was cut off. */
    finishedBeforePartition: z.number().int(),
    /** The large export the worker was working on when it was cut off. */
    inFlightId: z.string(),
    /** Jobs in `unacked` delivered before the cut: the ones the cut worker held. */
    heldIds: z.array(z.string()),
    depthAtHandover: z.number().int(),
    seedMs: z.number(),
  }),
});
export type Baseline = z.infer<typeof baselineSchema>;
