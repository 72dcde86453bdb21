import { z } from 'zod';

/**
 * What every scenario's baseline holds, whatever the outage: when it began, the lab's address, and
 * the learner's statement once given. A scenario's own schema extends these fields with its evidence.
 */
export const labBaselineFields = {
  kind: z.literal('async-outage-lab/baseline'),
  version: z.literal(1),
  /** The outage staged (its id); absent in a file written before the lab had more than one: the default. */
  scenario: z.string().optional(),
  createdAt: z.string(),
  webPort: z.number().int(),
  customerIntervalMs: z.number().int().nonnegative(),
  labToken: z.string(),
  /** The learner's statement of the root cause, kept once given. */
  statement: z.object({ component: z.string(), cause: z.string(), at: z.string() }).optional(),
  /** The grade of the last `check`: `debrief` says resolved only from it. */
  lastCheck: z.object({ at: z.string(), solved: z.boolean(), failing: z.array(z.string()) }).optional(),
};
export const labBaselineSchema = z.object(labBaselineFields);
export type LabBaseline = z.infer<typeof labBaselineSchema>;
