import { z } from 'zod';

export const criterionIds = ['root-cause', 'web-redis-untouched', 'no-job-discarded', 'worker-headroom', 'backlog-draining'] as const;
export type CriterionId = (typeof criterionIds)[number];

export const verdictSchema = z.object({
  id: z.enum(criterionIds),
  title: z.string(),
  passed: z.boolean(),
  /** What was observed, in numbers and states: shown on pass and fail. */
  evidence: z.array(z.string()),
  /** On a failure: where to look next, without giving the answer away. */
  hint: z.string().optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;
