import type { ClassroomNeeds, ClassroomStage } from '../../scenario/contract.js';
import type { Baseline } from './baseline.js';

function stageOf(passed: ReadonlySet<string>, solved: boolean): ClassroomStage {
  if (solved) return 'solved';
  if (passed.has('loss-stopped') && passed.has('loss-recovered')) return 'draining';
  if (passed.has('loss-stopped')) return 'fixed';
  return 'investigating';
}

/** One learner's sandbox: the stack at rest (the worker at its 160 MiB), Redis at a fix's 64 MiB, and the sandbox's own dockerd. */
export const redisEvictionClassroom: ClassroomNeeds<Baseline> = {
  sandboxMemoryMiB: 512,
  why: "160 MiB for the worker, 64 MiB for Redis after the fix, about 256 MiB for web and the sandbox's own dockerd",
  stageOf,
  // The busy hour's evictions are confirmed at the hand-over: the outage starts there.
  outageBeganAt: (baseline) => baseline.createdAt,
};
