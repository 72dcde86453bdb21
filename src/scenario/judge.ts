import type { Verdict } from './verdict.js';

/** The learner's answer to "what broke, and how?", given now or kept from an earlier check. */
export interface Statement {
  component: string;
  cause: string;
}

/** What the checks know besides the snapshot and the baseline. */
export interface JudgeContext {
  statement?: Statement;
  /** `check --wait` followed the drain to its end, so the draining criterion asks for a finished backlog. */
  waited: boolean;
}

/** One criterion: a pure function of what was observed. Never throws, never does I/O. */
export type Criterion<S, B> = (snapshot: S, baseline: B, context: JudgeContext) => Verdict;
