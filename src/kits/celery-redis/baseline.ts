import { z } from 'zod';
import { labBaselineFields, readingRenamedKeys } from '../../scenario/baseline.js';

/**
 * What `up` records of the shared stack, whatever broke it: web and redis as they were, the worker
 * at the outage's moment, and the backlog it seeded. An outage's schema extends these fields
 * (its worker with what it confirmed of the break).
 */
export const stackWorkerFields = {
  id: z.string(),
  /** When the outage began: the worker's end as Docker recorded it. */
  finishedAt: z.string(),
};

export const stackBaselineFields = {
  ...labBaselineFields,
  web: z.object({ id: z.string(), startedAt: z.string(), restartCount: z.number().int() }),
  /** The lab's Redis and the password it requires (made at `up`; the file is the owner's alone, mode 0600). */
  redis: z.object({ id: z.string(), runId: z.string(), startedAt: z.string(), password: z.string().min(16) }),
  worker: z.object(stackWorkerFields),
  backlog: z.object({
    seededIds: z.array(z.string()),
    /** The export the worker had taken when the outage began. */
    inFlightId: z.string(),
    /**
     * Redis no longer held that export once the break was confirmed (a pool that acks before the
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
};
export const stackBaselineSchema = z.object(stackBaselineFields);
/** The baseline as the kit reads it: every outage of this stack records at least this. */
export type StackBaseline = z.infer<typeof stackBaselineSchema>;

/**
 * The stack's baseline for an outage that begins with the worker's death: the worker as Docker
 * left it (its exit code, whether the kernel killed it for memory, the memory Docker allowed it).
 */
export const exitedWorkerBaselineSchema = z.object({
  ...stackBaselineFields,
  worker: z.object({
    ...stackWorkerFields,
    exitCode: z.number().int(),
    oomKilled: z.boolean(),
    memoryLimitBytes: z.number().int(),
  }),
});
export type ExitedWorkerBaseline = z.infer<typeof exitedWorkerBaselineSchema>;

/**
 * The schema a state file of this stack's outages is read with: the outage's own, also reading a
 * file from before the lab's site and traffic had neutral names (webPort, customerIntervalMs).
 */
export const stackStateSchema = <T extends z.ZodType>(schema: T) =>
  readingRenamedKeys(schema, { sitePort: 'webPort', trafficIntervalMs: 'customerIntervalMs' });
