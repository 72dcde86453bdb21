import { judgeWebRedisUntouched } from '../../../kits/celery-redis/criteria/web-redis-untouched.js';
import type { Criterion as EngineCriterion, JudgeContext } from '../../../scenario/judge.js';
import type { PoisonBaseline } from '../baseline.js';
import type { PoisonSnapshot } from '../snapshot.js';
import { judgeBacklogDrained } from './backlog-drained.js';
import { judgeOthersKept } from './others-kept.js';
import { judgePoisonQuarantined } from './poison-quarantined.js';
import { judgeRootCause } from './root-cause.js';
import { type CriterionId, criterionIds, type Verdict } from './verdict.js';
import { judgeWorkerStable } from './worker-stable.js';

export type Criterion = EngineCriterion<PoisonSnapshot, PoisonBaseline>;
export { type CriterionId, criterionIds, criterionTitles } from './verdict.js';

export const criteria: Record<CriterionId, Criterion> = {
  'root-cause': judgeRootCause,
  'web-redis-untouched': judgeWebRedisUntouched,
  'poison-quarantined': judgePoisonQuarantined,
  'others-kept': judgeOthersKept,
  'worker-stable': judgeWorkerStable,
  'backlog-drained': judgeBacklogDrained,
};

/** One verdict per criterion, in order. Pure. */
export function judge(snapshot: PoisonSnapshot, baseline: PoisonBaseline, context: JudgeContext): Verdict[] {
  return criterionIds.map((id) => criteria[id](snapshot, baseline, context));
}
