import { z } from 'zod';

export const criterionIds = ['root-cause', 'web-redis-untouched', 'no-job-discarded', 'worker-headroom', 'backlog-draining'] as const;
export type CriterionId = (typeof criterionIds)[number];

/** The line each criterion prints, in the order `check` judges them. */
export const criterionTitles: Record<CriterionId, string> = {
  'root-cause': 'Root cause stated',
  'web-redis-untouched': 'web and redis left as they were',
  'no-job-discarded': 'No accepted export thrown away',
  'worker-headroom': 'Worker back up, with room for the backlog',
  'backlog-draining': 'Backlog draining',
};

export const verdictSchema = z.object({
  id: z.enum(criterionIds),
  title: z.string(),
  passed: z.boolean(),
  /** What was observed, in numbers and states: shown on pass and fail. */
  evidence: z.array(z.string()),
  /** On a failure: where to look next, without giving the answer away. */
  hint: z.string().optional(),
  /** Something worth knowing whether or not it passed (shown on both). */
  lesson: z.string().optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** Builds a verdict, leaving out the hint on a pass so a passing line never carries one. */
export function verdict(id: CriterionId, passed: boolean, evidence: string[], extra: { hint?: string; lesson?: string } = {}): Verdict {
  const result: Verdict = { id, title: criterionTitles[id], passed, evidence };
  if (!passed && extra.hint) result.hint = extra.hint;
  if (extra.lesson) result.lesson = extra.lesson;
  return result;
}
