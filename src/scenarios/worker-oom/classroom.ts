import type { ClassroomNeeds, ClassroomStage } from '../../scenario/contract.js';
import type { Baseline } from './baseline.js';

/**
 * Where a learner stands, from the criteria `check` passed: the worker back with room comes
 * first, then a falling queue, then everything (the root cause stated included).
 */
function stageOf(passed: ReadonlySet<string>, solved: boolean): ClassroomStage {
  if (solved) return 'solved';
  if (passed.has('worker-headroom') && passed.has('backlog-draining')) return 'draining';
  if (passed.has('worker-headroom')) return 'fixed';
  return 'investigating';
}

/**
 * What one learner's sandbox must hold for this outage: the inner dockerd and containerd, web and
 * redis at rest, and the worker at the fix's 512 MiB while it drains the large exports.
 */
export const workerOomClassroom: ClassroomNeeds<Baseline> = {
  sandboxMemoryMiB: 768,
  why: "512 MiB for the fixed worker, about 256 MiB for web, redis and the sandbox's own dockerd",
  stageOf,
  // The kernel's kill of the worker is where the outage starts.
  outageBeganAt: (baseline) => baseline.worker.finishedAt,
};
