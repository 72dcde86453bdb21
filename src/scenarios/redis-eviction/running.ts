import type { InspectInfo } from '../../docker/engine.js';
import type { RunningLab } from '../../scenario/contract.js';
import type { Baseline } from './baseline.js';

/** Whether `up` finds this outage's lab running; untouched while all three are the containers it began with. */
export function runningLab(baseline: Baseline, infos: Record<string, InspectInfo | undefined>): RunningLab | undefined {
  const { web, redis, worker } = infos;
  if (!(web?.Id === baseline.web.id && web.State.Running) || !redis) return undefined;
  const untouched =
    redis.Id === baseline.redis.id &&
    redis.State.StartedAt === baseline.redis.startedAt &&
    worker?.Id === baseline.worker.id &&
    worker.State.StartedAt === baseline.worker.startedAt;
  return {
    untouched,
    message: untouched
      ? 'The lab is already up, with exports going missing.'
      : 'The lab is already up, and things have changed since the outage began (your fix in progress?).',
  };
}
