import type { Grade } from '../checks/grade.js';
import type { TranscriptRow } from '../shim/transcript.js';
import type { LabBaseline } from './baseline.js';
import type { JudgeContext } from './judge.js';
import type { Verdict } from './verdict.js';

/** One docker command of the learner's, as a report lists it: the transcript's row. */
export type ReportCommand = TranscriptRow;

/** What the engine reads of any scenario's check report: the verdicts, the commands, the outcome. */
export interface CheckReportView extends Grade {
  /** The outage graded: `check` names it, so a script knows which figures it reads. */
  scenario?: string;
  statement?: { component: string; cause: string };
  criteria: Verdict[];
  transcript: ReportCommand[];
  hintsUsed?: Array<{ at: string; situation: string; level: number }>;
}

/** What `check` hands a scenario's report builder: the verdicts judged once, and their grade. */
export interface ReportInput<S, B extends LabBaseline> {
  snapshot: S;
  baseline: B;
  context: JudgeContext;
  verdicts: Verdict[];
  /** What the verdicts add up to (`gradeOf`): the report copies it, never decides it again. */
  grade: Grade;
  /** The learner's commands, each with `ruleBreak` when the scenario's classifier marked it. */
  transcript: ReportCommand[];
  /** The hints given during this outage. */
  hintsUsed?: Array<{ at: string; situation: string; level: number }>;
}
