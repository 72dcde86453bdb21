import type { z } from 'zod';
import type { LabBaseline } from '../../../scenario/baseline.js';
import type { ReportInput } from '../../../scenario/report.js';
import { checkReportSchemaOf } from '../../../scenario/report-schema.js';
import { type StackFigures, stackFiguresSchema } from './figures.js';

const stackCheckReportSchema = checkReportSchemaOf(stackFiguresSchema);
/** The object `check --json` prints for an outage of the stack, with the figures `F` it reports. */
export type StackCheckReport<F = StackFigures> = Omit<z.infer<typeof stackCheckReportSchema>, 'figures'> & { figures: F };

/** Assembles the report from the verdicts `check` judged, the grade they add up to, and the outage's figures. Pure. */
export function buildStackReport<S extends { takenAt: string }, B extends LabBaseline, F>(input: ReportInput<S, B>, figures: F): StackCheckReport<F> {
  const { verdicts: criteria, grade } = input;
  const { solved, passed, total } = grade;
  const statement = input.context.statement ?? input.baseline.statement;
  const report: StackCheckReport<F> = {
    kind: 'async-outage-lab/check',
    version: 1,
    solved,
    exitCode: grade.exitCode,
    takenAt: input.snapshot.takenAt,
    waited: input.context.waited,
    passed,
    total,
    criteria,
    transcript: (input.transcript ?? []).map((entry) => {
      const ruleBreak = entry.ruleBreak;
      return ruleBreak ? { ...entry, ruleBreak } : { at: entry.at, command: entry.command, exitCode: entry.exitCode };
    }),
    figures,
  };
  if (statement) report.statement = { component: statement.component, cause: statement.cause };
  if (input.hintsUsed?.length) report.hintsUsed = input.hintsUsed.map(({ at, situation, level }) => ({ at, situation, level }));
  return report;
}
