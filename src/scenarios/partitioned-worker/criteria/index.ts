import { judgeWebRedisUntouched } from '../../../kits/celery-redis/criteria/web-redis-untouched.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { judgeBacklogDrained } from './backlog-drained.js';
import { judgeNoJobDiscarded } from './no-job-discarded.js';
import { judgeRootCause } from './root-cause.js';
import type { Verdict } from './verdict.js';
import { judgeWorkerReconnected } from './worker-reconnected.js';

export { criterionIds, criterionTitles } from './verdict.js';

/** Every criterion over one snapshot, in order. Pure. */
export function judge(snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict[] {
  return [
    judgeRootCause(snapshot, baseline, context),
    judgeWebRedisUntouched(snapshot, baseline, context),
    judgeNoJobDiscarded(snapshot, baseline, context),
    judgeWorkerReconnected(snapshot, baseline, context),
    judgeBacklogDrained(snapshot, baseline, context),
  ];
}
