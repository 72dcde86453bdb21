import { join } from 'node:path';
import { stateDir } from '../project/paths.js';

/** The names a classroom gives learner K's sandbox, volume and host directories. */
export const MAX_LEARNERS = 99;

const two = (learner: number) => String(learner).padStart(2, '0');

export const sandboxName = (learner: number) => `aol-learner-${two(learner)}`;
export const sandboxVolume = (learner: number) => `aol-learner-${two(learner)}-docker`;

/** The classroom's host-side directory: one folder per learner, next to the lab's own state. */
export const classroomDir = (dir = stateDir()) => join(dir, 'classroom');

export function learnerDirs(learner: number, root = classroomDir()) {
  const dir = join(root, sandboxName(learner));
  return { dir, socketDir: join(dir, 'run'), labHome: join(dir, 'lab') };
}

/** Reads "3", "03" or "aol-learner-03" as learner 3; undefined for anything else. */
export function parseLearner(raw: string): number | undefined {
  const match = /^(?:aol-learner-)?(\d{1,2})$/.exec(raw.trim());
  if (!match) return undefined;
  const learner = Number(match[1]);
  return learner >= 1 && learner <= MAX_LEARNERS ? learner : undefined;
}
