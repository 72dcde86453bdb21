import type { InspectInfo } from '../../docker/engine.js';
import type { RunningLab } from '../../scenario/contract.js';
import type { Baseline } from './baseline.js';

/**
 * Whether `up` finds this outage's lab running: the web it recorded still serving and a worker
 * present. Untouched means the worker is the one cut off, still running on no network.
 */
export function runningLab(baseline: Baseline, infos: Record<string, InspectInfo | undefined>): RunningLab | undefined {
  const { web, worker } = infos;
  if (!(web?.Id === baseline.web.id && web.State.Running) || !worker) return undefined;
  const untouched =
    worker.Id === baseline.worker.id &&
    worker.State.Running &&
    worker.State.StartedAt === baseline.worker.startedAt &&
    Object.keys(worker.NetworkSettings.Networks ?? {}).length === 0;
  const message = untouched
    ? 'The lab is already up and broken: every container is Up and nothing consumes the queue.'
    : 'The lab is already up, and things have changed since the outage began (your fix in progress?).';
  return { untouched, message };
}
