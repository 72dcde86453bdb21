import { z } from 'zod';
import { gradeOf } from '../checks/grade.js';
import { verdictSchema } from './verdict.js';

/** One docker command the learner ran through the lab's shim. */
export const transcriptEntrySchema = z.object({
  /** When it ran (ISO time). */
  at: z.string(),
  command: z.string(),
  /** Its exit code; null when it was still running or the shim could not tell. */
  exitCode: z.number().int().nullable(),
  /** Why the command breaks one of the lab's rules (absent when it does not). */
  ruleBreak: z.string().optional(),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/**
 * The object every outage's `check --json` prints, its `figures` as `figures` describes them. The
 * grade it carries must be the one its criteria add up to (`gradeOf`, the one place that decides).
 */
export function checkReportSchemaOf<F extends z.ZodTypeAny>(figures: F) {
  return z
    .object({
      kind: z.literal('async-outage-lab/check'),
      version: z.literal(1),
      /** The outage graded (its id in `scenarios`); absent in reports of versions before it was added. */
      scenario: z.string().optional(),
      /** Every criterion passed. */
      solved: z.boolean(),
      /** The process's exit code: 0 solved, 1 not solved yet. */
      exitCode: z.union([z.literal(0), z.literal(1)]),
      takenAt: z.string(),
      /** `check --wait` followed the drain to its end. */
      waited: z.boolean(),
      passed: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      statement: z.object({ component: z.string(), cause: z.string() }).optional(),
      criteria: z.array(verdictSchema),
      transcript: z.array(transcriptEntrySchema),
      figures,
      /** The hints `async-outage-lab hint` gave during this outage, oldest first (absent: none recorded). */
      hintsUsed: z.array(z.object({ at: z.string(), situation: z.string(), level: z.number().int().min(1).max(3) })).optional(),
    })
    .superRefine((report, ctx) => {
      const grade = gradeOf(report.criteria);
      if (grade.passed !== report.passed || grade.total !== report.total) {
        ctx.addIssue({
          code: 'custom',
          message: `passed/total (${report.passed}/${report.total}) disagree with the criteria (${grade.passed}/${grade.total})`,
        });
      }
      if (report.solved !== grade.solved)
        ctx.addIssue({ code: 'custom', path: ['solved'], message: `solved is ${report.solved} but ${grade.passed} of ${grade.total} criteria passed` });
      if (report.exitCode !== grade.exitCode) ctx.addIssue({ code: 'custom', path: ['exitCode'], message: 'exitCode must be 0 when solved and 1 otherwise' });
    });
}
