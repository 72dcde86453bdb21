import { z } from 'zod';
import { labBaselineFields } from '../../scenario/baseline.js';

const container = z.object({ id: z.string(), startedAt: z.string() });

/** What `up` records once the eviction of accepted work is confirmed; parsed, never trusted. */
export const baselineSchema = z.object({
  ...labBaselineFields,
  web: container,
  worker: container,
  /** The lab's Redis and the password it requires (the state file is the owner's alone). */
  redis: container.extend({ runId: z.string(), password: z.string().min(16) }),
  /** The busy hour `up` sent, and what Redis had done by the hand-over. */
  busyHour: z.object({
    acceptedIds: z.array(z.string()),
    /** Accepted exports Redis no longer held at the hand-over (and not finished): evicted with the queue. */
    lostIds: z.array(z.string()),
    evictedKeys: z.number().int(),
    usedMemory: z.number().int(),
    maxmemory: z.number().int(),
    policy: z.string(),
    depthAtHandover: z.number().int(),
    burstMs: z.number(),
  }),
});
export type Baseline = z.infer<typeof baselineSchema>;
