import type { InspectInfo } from '../../docker/engine.js';
import type { RunningLab } from '../../scenario/contract.js';
import type { PoisonBaseline } from './baseline.js';

/**
 * Whether `up` finds this outage's lab running: the web it recorded still serving and a worker
 * present. Untouched means the same worker container, still looping (its RestartCount has only grown).
 */
export function runningLab(baseline: PoisonBaseline, infos: Record<string, InspectInfo | undefined>): RunningLab | undefined {
  const { web, worker } = infos;
  const sameWeb = web?.Id === baseline.web.id && web.State.Running;
  if (!sameWeb || !worker) return undefined;
  const looping = worker.State.Status === 'restarting' || (worker.State.Running && worker.RestartCount > baseline.poison.restartCountAtHandover);
  const untouched = worker.Id === baseline.worker.id && looping;
  const message = untouched
    ? 'The lab is already up and broken: the worker keeps dying and the backlog is growing.'
    : 'The lab is already up, and things have changed since the outage began (your fix in progress?).';
  return { untouched, message };
}
