/** What Docker showed of the two cut-off workers, and what the demo may say of it. Pure. */

export interface WorkerSeen {
  /** `docker ps -a`'s line (NAMES, STATUS), as the learner reads it. */
  ps: string;
  running: boolean;
  /** Docker's health status: none without a HEALTHCHECK. */
  health: string;
  /** Checks failed in a row (Docker's FailingStreak; 0 without a HEALTHCHECK). */
  failingStreak: number;
  restartCount: number;
  /** Whether it still runs the process started before the cut (same StartedAt). */
  sameStart: boolean;
  /** The networks it is on. */
  networks: string[];
}

export type HealthOutcome = 'unhealthy-not-restarted' | 'could-not-tell';

/**
 * Shown only when both were cut off and still run the process they had before the cut, the
 * unchecked one with no health to show, the checked one unhealthy, its checks still failing past
 * the streak that made it so, and never restarted. Pure.
 */
export function healthOutcome(plain: WorkerSeen, checked: WorkerSeen, retries: number): HealthOutcome {
  const cutOff = plain.networks.length === 0 && checked.networks.length === 0;
  const untouched = (w: WorkerSeen) => w.running && w.sameStart && w.restartCount === 0;
  const shown =
    cutOff && untouched(plain) && untouched(checked) && plain.health === 'none' && checked.health === 'unhealthy' && checked.failingStreak > retries;
  return shown ? 'unhealthy-not-restarted' : 'could-not-tell';
}

const describe = (w: WorkerSeen) =>
  `${w.running ? 'running' : 'not running'}, health ${w.health}, ${w.failingStreak} failing checks in a row, RestartCount ${w.restartCount}${w.sameStart ? '' : ', restarted since the cut'}, networks [${w.networks.join(', ')}]`;

/** The sentence that answers the demo's question, from what Docker showed. Pure. */
export function healthAnswer(plain: WorkerSeen, checked: WorkerSeen, retries: number, unhealthyAfterS: number | undefined): string {
  if (healthOutcome(plain, checked, retries) === 'could-not-tell' || unhealthyAfterS === undefined)
    return `Could not tell this run: without a check, ${describe(plain)}; with one, ${describe(checked)}.`;
  return `Answer: a check that asks the worker itself through the broker turned it unhealthy ${unhealthyAfterS} s after the cut, while the unchecked one shows Up with no health at all; Docker only marks it (${checked.failingStreak} failing checks in a row, RestartCount 0, the same process): Swarm, Kubernetes' liveness probe or a watcher acting on the status would replace it.`;
}
