import type { LabBaseline } from '../lab/lab-baseline.js';
import type { JudgeContext } from './types.js';
import type { Verdict } from './verdict.js';

/** One docker command of the learner's, as a report lists it. */
export interface ReportCommand {
  at: string;
  command: string;
  exitCode: number | null;
  ruleBreak?: string;
}

/** What the engine reads of any scenario's check report: the verdicts, the commands, the outcome. */
export interface CheckReportView {
  solved: boolean;
  exitCode: 0 | 1;
  passed: number;
  total: number;
  statement?: { component: string; cause: string };
  criteria: Verdict[];
  transcript: ReportCommand[];
  hintsUsed?: Array<{ at: string; situation: string; level: number }>;
}

/** What `check` hands a scenario's report builder. */
export interface ReportInput<S, B extends LabBaseline> {
  snapshot: S;
  baseline: B;
  context: JudgeContext;
  /** The learner's commands, each with `ruleBreak` when the scenario's classifier marked it. */
  transcript?: ReportCommand[];
  /** Verdicts already judged (else the scenario's judge runs). */
  verdicts?: Verdict[];
  /** The hints given during this outage. */
  hintsUsed?: Array<{ at: string; situation: string; level: number }>;
}
