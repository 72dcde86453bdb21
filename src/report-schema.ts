/**
 * The shape of `async-outage-lab check --json`, for scripts:
 *   import { checkReportSchema, checkReportSchemas, DEFAULT_SCENARIO } from 'async-outage-lab/report-schema';
 *   const report = checkReportSchema.parse(JSON.parse(stdout)); // any outage: figures unchecked
 *   const exact = checkReportSchemas[report.scenario ?? DEFAULT_SCENARIO]?.parse(report); // its figures too
 */
import { z } from 'zod';
import { checkReportSchemaOf } from './scenario/report-schema.js';
import { DEFAULT_SCENARIO_ID, scenarios } from './scenarios/index.js';

export { type TranscriptEntry, transcriptEntrySchema } from './scenario/report-schema.js';
export { type Verdict, verdictSchema } from './scenario/verdict.js';

/** Every outage's report: the grade, the criteria and the commands checked; the figures only as an object. */
export const checkReportSchema = checkReportSchemaOf(z.record(z.string(), z.unknown()));
export type CheckReport = z.infer<typeof checkReportSchema>;

/** Each outage's report, its figures checked too, by the outage's id (`scenarios` lists them). */
export const checkReportSchemas: Readonly<Record<string, ReturnType<typeof checkReportSchemaOf>>> = Object.fromEntries(
  scenarios.map((scenario) => [scenario.id, checkReportSchemaOf(scenario.check.report.figuresSchema)]),
);

/** Each outage's criteria ids, in the order `check` judges them. */
export const criterionIds: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  scenarios.map((scenario) => [scenario.id, scenario.check.criteria.ids]),
);

/** The outage a report without a `scenario` field came from (reports of earlier versions). */
export const DEFAULT_SCENARIO = DEFAULT_SCENARIO_ID;
