import { z } from 'zod';

/** One criterion's finding, as `check` prints it and `check --json` carries it. */
export const verdictSchema = z.object({
  /** The criterion's id, from the scenario's list. */
  id: z.string(),
  title: z.string(),
  passed: z.boolean(),
  /** What was observed, in numbers and states: shown on pass and fail. */
  evidence: z.array(z.string()),
  /** On a failure: where to look next, without giving the answer away. */
  hint: z.string().optional(),
  /** Something worth knowing whether or not it passed (shown on both). */
  lesson: z.string().optional(),
});
export type Verdict<Id extends string = string> = z.infer<typeof verdictSchema> & { id: Id };

/**
 * A verdict builder for one scenario's criteria: it takes each title from `titles` and leaves out
 * the hint on a pass, so a passing line never carries one.
 */
export function verdictBuilder<Id extends string>(titles: Record<Id, string>) {
  return (id: Id, passed: boolean, evidence: string[], extra: { hint?: string; lesson?: string } = {}): Verdict<Id> => {
    const result: Verdict<Id> = { id, title: titles[id], passed, evidence };
    if (!passed && extra.hint) result.hint = extra.hint;
    if (extra.lesson) result.lesson = extra.lesson;
    return result;
  };
}
