import type { ContainerView, DrainSample } from '../observe/snapshot.js';
import { clock } from '../wording.js';

/** Wording and derived facts every outage of the stack judges with. Pure. */
export { clock, count, later, plural, sameInstant } from '../wording.js';

export const shortId = (id: string | undefined) => (id ? id.slice(0, 12) : '?');

/** How long before `reference` the time `time` was: `25 s`, `12 min`, `3 h`. */
export function ago(time: string | undefined, reference: string): string | undefined {
  if (!time) return undefined;
  const ms = Date.parse(reference) - Date.parse(time);
  if (Number.isNaN(ms)) return undefined;
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** `04:26:20 UTC, 25 s before this check` */
export function when(time: string | undefined, takenAt: string): string {
  const before = ago(time, takenAt);
  return before ? `${clock(time, takenAt)}, ${before} before this check` : clock(time, takenAt);
}

/** What `docker ps` would call the state: `running`, `exited (137)`, `paused`, ... */
export function stateOf(view: ContainerView): string {
  if (!view.exists) return 'missing';
  const status = view.status ?? (view.running ? 'running' : 'unknown');
  return status === 'exited' || status === 'dead' ? `${status} (${view.exitCode ?? '?'})` : status;
}

/** The status the drain window last saw, when it saw the worker stop that inspect found running. */
export function stoppedDuringCheck(worker: ContainerView, drain: readonly DrainSample[]): string | undefined {
  const last = [...drain].reverse().find((sample) => sample.workerStatus !== undefined);
  return worker.running === true && last?.workerStatus !== undefined && last.workerStatus !== 'running' ? last.workerStatus : undefined;
}
