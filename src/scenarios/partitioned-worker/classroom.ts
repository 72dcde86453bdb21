import type { ClassroomNeeds, ClassroomStage } from '../../scenario/contract.js';
import type { Baseline } from './baseline.js';

/** Where a learner stands: the worker consuming again first, then an empty queue, then everything. */
function stageOf(passed: ReadonlySet<string>, solved: boolean): ClassroomStage {
  if (solved) return 'solved';
  if (passed.has('worker-reconnected') && passed.has('backlog-drained')) return 'draining';
  if (passed.has('worker-reconnected')) return 'fixed';
  return 'investigating';
}

/** What one learner's sandbox must hold: the worker at 512 MiB for the large exports, web, redis and the sandbox's dockerd. */
export const partitionedWorkerClassroom: ClassroomNeeds<Baseline> = {
  sandboxMemoryMiB: 768,
  why: "512 MiB for the worker's large exports, about 256 MiB for web, redis and the sandbox's own dockerd",
  stageOf,
  // The cut is where the outage starts.
  outageBeganAt: (baseline) => baseline.worker.finishedAt,
};
