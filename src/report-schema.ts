/**
 * The shape of `async-outage-lab check --json`, for scripts:
 *   import { checkReportSchema } from 'async-outage-lab/report-schema';
 *   const report = checkReportSchema.parse(JSON.parse(stdout));
 */
export { checkReportSchema, transcriptEntrySchema, checkFiguresSchema, type CheckReport } from './scenarios/worker-oom/report.js';
export { verdictSchema, criterionIds, type Verdict } from './scenarios/worker-oom/criteria/verdict.js';
