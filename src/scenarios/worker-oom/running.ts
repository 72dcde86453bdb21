import type { InspectInfo } from '../../docker/engine.js';
import type { RunningLab } from '../../scenario/contract.js';
import type { Baseline } from './baseline.js';

/**
 * Whether `up` finds this outage's lab running: the web it recorded still serving and a worker
 * present. Untouched means the worker is the one the kernel killed, still exited as it was.
 */
export function runningLab(baseline: Baseline, infos: Record<string, InspectInfo | undefined>): RunningLab | undefined {
  const { web, worker } = infos;
  const sameWeb = web?.Id === baseline.web.id && web.State.Running;
  if (!sameWeb || !worker) return undefined;
  const untouched = worker.Id === baseline.worker.id && worker.State.Status === 'exited' && worker.State.FinishedAt === baseline.worker.finishedAt;
  const message = untouched
    ? 'The lab is already up and broken: the worker is down and the backlog is growing.'
    : 'The lab is already up, and things have changed since the outage began (your fix in progress?).';
  return { untouched, message };
}
