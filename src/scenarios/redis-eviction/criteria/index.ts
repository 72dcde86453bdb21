import type { Criterion, JudgeContext } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { judgeDrainsAndHolds } from './drains-and-holds.js';
import { judgeLossRecovered } from './loss-recovered.js';
import { judgeLossStopped } from './loss-stopped.js';
import { judgeNothingElseDamaged } from './nothing-else-damaged.js';
import { judgeRootCause } from './root-cause.js';
import { type CriterionId, criterionIds, type Verdict } from './verdict.js';

export { criterionIds, criterionTitles } from './verdict.js';

export const criteria: Record<CriterionId, Criterion<Snapshot, Baseline>> = {
  'root-cause': judgeRootCause,
  'loss-stopped': judgeLossStopped,
  'loss-recovered': judgeLossRecovered,
  'nothing-else-damaged': judgeNothingElseDamaged,
  'drains-and-holds': judgeDrainsAndHolds,
};

/** One verdict per criterion, in order. Pure. */
export const judge = (snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict[] =>
  criterionIds.map((id) => criteria[id](snapshot, baseline, context));
