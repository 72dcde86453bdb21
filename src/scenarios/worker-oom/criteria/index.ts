import { judgeWebRedisUntouched } from '../../../kits/celery-redis/criteria/web-redis-untouched.js';
import type { Snapshot } from '../../../kits/celery-redis/observe/snapshot.js';
import type { Criterion as EngineCriterion, JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import { judgeBacklogDraining } from './backlog-draining.js';
import { judgeNoJobDiscarded } from './no-job-discarded.js';
import { judgeRootCause } from './root-cause.js';
import { type CriterionId, criterionIds, type Verdict } from './verdict.js';
import { judgeWorkerHeadroom } from './worker-headroom.js';

export type { JudgeContext, Statement } from '../../../scenario/judge.js';
/** One of this outage's criteria: a pure function of its snapshot and baseline. */
export type Criterion = EngineCriterion<Snapshot, Baseline>;
export {
  ANSWER,
  CAUSES,
  type Cause,
  COMPONENTS,
  type Component,
  causeLabels,
  componentLabels,
  isCause,
  isComponent,
  rootCauseQuestions,
} from './root-cause.js';
export { type CriterionId, criterionIds, criterionTitles, type Verdict, verdictSchema } from './verdict.js';
export { headroomNeeded } from './worker-headroom.js';
export { judgeBacklogDraining, judgeNoJobDiscarded, judgeRootCause, judgeWebRedisUntouched, judgeWorkerHeadroom };

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
