import type { WorkerEvent } from '../../../kits/celery-redis/observe/snapshot.js';
import { later, plural, when } from './facts.js';

/**
 * The latest `docker update` of the worker against its deaths (die events), in time order. A
 * death before the update happened under the limit the worker had then: it says nothing about
 * whether the update was enough. Pure.
 */
export function deathsAroundUpdate(events: readonly WorkerEvent[]): { update?: WorkerEvent; before: WorkerEvent[]; after: WorkerEvent[] } {
  const update = [...events].reverse().find((event) => event.action === 'update');
  const dies = events.filter((event) => event.action === 'die');
  if (!update) return { before: dies, after: [] };
  return { update, before: dies.filter((die) => !later(die.time, update.time)), after: dies.filter((die) => later(die.time, update.time)) };
}

/**
 * One sentence that puts the latest update of the worker and its deaths in order (undefined: no
 * update, or no death to order it against). `runsNow`: a run of the worker is live now.
 */
export function updateOrderLine(events: readonly WorkerEvent[], runsNow: boolean, takenAt: string): string | undefined {
  const { update, before, after } = deathsAroundUpdate(events);
  if (!update) return undefined;
  // `docker update` applies to a running container's cgroup at once: a run live at the update has the new limit.
  const startedSince = runsNow || events.some((event) => event.action === 'start' && later(event.time, update.time));
  const lastBefore = before.at(-1);
  if (after.length > 0) {
    return `its limit was updated at ${when(update.time, takenAt)}; ${plural(after.length, 'death')} since then, the last at ${when(after.at(-1)!.time, takenAt)}: under the new limit`;
  }
  if (lastBefore && !startedSince) {
    return `its limit was updated at ${when(update.time, takenAt)}, after the last death (at ${when(lastBefore.time, takenAt)}): that death came before the update, under the old limit, and the worker has not run under the new one yet`;
  }
  if (lastBefore)
    return `its limit was updated at ${when(update.time, takenAt)}, after the last death (at ${when(lastBefore.time, takenAt)}): that death came before the update, under the old limit; the run since has had the new limit`;
  return undefined;
}
