import type { ClassroomNeeds, ClassroomStage } from '../../scenario/contract.js';
import type { PoisonBaseline } from './baseline.js';

/** Where a learner stands: the poison export out of the way first, then a worker that stays up, then the drain. */
function stageOf(passed: ReadonlySet<string>, solved: boolean): ClassroomStage {
  if (solved) return 'solved';
  if (passed.has('worker-stable') && passed.has('backlog-drained')) return 'draining';
  if (passed.has('poison-quarantined') || passed.has('worker-stable')) return 'fixed';
  return 'investigating';
}

/** What one learner's sandbox must hold: the worker at its 256 MiB cap, web, redis and the sandbox's own dockerd. */
export const poisonLoopClassroom: ClassroomNeeds<PoisonBaseline> = {
  sandboxMemoryMiB: 640,
  why: "256 MiB for the worker, about 256 MiB for web, redis and the sandbox's own dockerd, and room for the crash loop's restarts",
  stageOf,
  // The worker's first death on the poison export is where the outage starts.
  outageBeganAt: (baseline) => baseline.worker.finishedAt,
};
