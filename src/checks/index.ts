import type { Baseline } from '../lab/baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { judgeBacklogDraining } from '../scenarios/worker-oom/criteria/backlog-draining.js';
import { judgeNoJobDiscarded } from '../scenarios/worker-oom/criteria/no-job-discarded.js';
import { judgeRootCause } from '../scenarios/worker-oom/criteria/root-cause.js';
import type { Criterion, JudgeContext } from './types.js';
import { criterionIds, type CriterionId, type Verdict } from './verdict.js';
import { judgeWebRedisUntouched } from '../scenarios/worker-oom/criteria/web-redis-untouched.js';
import { judgeWorkerHeadroom } from '../scenarios/worker-oom/criteria/worker-headroom.js';

export type { Criterion, JudgeContext, Statement } from './types.js';
export { criterionIds, criterionTitles, verdictSchema, type CriterionId, type Verdict } from './verdict.js';
export { ANSWER, CAUSES, COMPONENTS, causeLabels, componentLabels, isCause, isComponent, rootCauseQuestions, type Cause, type Component } from '../scenarios/worker-oom/criteria/root-cause.js';
export { judgeRootCause, judgeWebRedisUntouched, judgeNoJobDiscarded, judgeWorkerHeadroom, judgeBacklogDraining };
export { headroomNeeded } from '../scenarios/worker-oom/criteria/worker-headroom.js';

/** Each criterion by id; `judge` runs them in `criterionIds` order. */
export const criteria: Record<CriterionId, Criterion> = {
  'root-cause': judgeRootCause,
  'web-redis-untouched': judgeWebRedisUntouched,
  'no-job-discarded': judgeNoJobDiscarded,
  'worker-headroom': judgeWorkerHeadroom,
  'backlog-draining': judgeBacklogDraining,
};

/** Judges one snapshot against the baseline: one verdict per criterion, in order. Pure. */
export function judge(snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict[] {
  return criterionIds.map((id) => criteria[id](snapshot, baseline, context));
}

/** Solved means every criterion, each present once, passed. */
export const isSolved = (verdicts: Verdict[]) => criterionIds.every((id) => verdicts.some((v) => v.id === id && v.passed));
