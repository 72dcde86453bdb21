/**
 * The shape of `async-outage-lab check --json`, for scripts:
 *   import { checkReportSchema } from 'async-outage-lab/report-schema';
 *   const report = checkReportSchema.parse(JSON.parse(stdout));
 */

export { criterionIds, type Verdict, verdictSchema } from './scenarios/worker-oom/criteria/verdict.js';
export { type CheckReport, checkFiguresSchema, checkReportSchema, transcriptEntrySchema } from './scenarios/worker-oom/report.js';
