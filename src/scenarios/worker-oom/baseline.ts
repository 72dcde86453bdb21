import { z } from 'zod';
import { labBaselineFields } from '../../scenario/baseline.js';

/**
 * What `up` records once the outage is confirmed: the evidence `check` compares against.
 * Stored as JSON in the state directory; parsed (never trusted) on every read.
 */
export const baselineSchema = z.object({
  ...labBaselineFields,
  web: z.object({ id: z.string(), startedAt: z.string(), restartCount: z.number().int() }),
  /** The lab's Redis and the password it requires (made at `up`; the file is the owner's alone, mode 0600). */
  redis: z.object({ id: z.string(), runId: z.string(), startedAt: z.string(), password: z.string().min(16) }),
  worker: z.object({
    id: z.string(),
    finishedAt: z.string(),
    exitCode: z.number().int(),
    oomKilled: z.boolean(),
    memoryLimitBytes: z.number().int(),
  }),
  backlog: z.object({
    seededIds: z.array(z.string()),
    /** The export the worker had taken when the kernel killed it. */
    inFlightId: z.string(),
    /**
     * Redis no longer held that export once the kill was confirmed (a pool that acks before the
     * task runs would lose it). Only then is its absence the outage's loss and not the learner's.
     */
    inFlightLostAtOutage: z.boolean().default(false),
    inFlightRows: z.number().int(),
    /** Rows of the largest export still waiting after the outage (what the worker must survive). */
    largestWaitingRows: z.number().int(),
    largeIds: z.array(z.string()),
    depthAtHandover: z.number().int(),
    seedMs: z.number(),
  }),
});
export type Baseline = z.infer<typeof baselineSchema>;
