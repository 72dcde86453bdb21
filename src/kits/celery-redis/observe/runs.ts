import type { StackBaseline as Baseline } from '../baseline.js';
import type { ContainerName } from '../figures.js';
import { later, sameInstant } from '../wording.js';

/**
 * The runs of the lab's containers since `up`, one account for every view: `check` and `status`
 * both read starts and deliveries through these functions, never RestartCount (Docker counts only
 * its restart policy's restarts there, not `docker start` or `docker restart`). Pure.
 */

/** Which delivery put a job in `unacked`: the one the outage's kill interrupted, one to a run that has ended since, or one to the run live now. */
export type Delivery = 'outage' | 'ended-run' | 'current';

/** Classifies one delivery by its time against the outage's death and the start of the run live now (undefined: none runs). */
export function deliveryOf(deliveredAt: string | undefined, outageEnd: string, runStart: string | undefined): Delivery {
  if (deliveredAt !== undefined && !later(deliveredAt, outageEnd)) return 'outage';
  if (runStart !== undefined && deliveredAt !== undefined && !later(runStart, deliveredAt)) return 'current';
  return 'ended-run';
}

/** Counts `unacked` deliveries by kind. */
export function deliveriesByKind(deliveredAts: readonly (string | undefined)[], outageEnd: string, runStart: string | undefined): Record<Delivery, number> {
  const counts: Record<Delivery, number> = { outage: 0, 'ended-run': 0, current: 0 };
  for (const at of deliveredAts) counts[deliveryOf(at, outageEnd, runStart)] += 1;
  return counts;
}

/** What `up` recorded of one container: its id, and the moment after which a start is a start since `up`. */
export interface RunReference {
  id: string;
  since: string;
  /** StartedAt at `up` (web, redis): a different StartedAt on the same container is a start since. */
  startedAt?: string;
}

export function runReferences(baseline: Baseline): Record<ContainerName, RunReference> {
  return {
    web: { id: baseline.web.id, since: baseline.web.startedAt, startedAt: baseline.web.startedAt },
    redis: { id: baseline.redis.id, since: baseline.redis.startedAt, startedAt: baseline.redis.startedAt },
    worker: { id: baseline.worker.id, since: baseline.worker.finishedAt },
  };
}

export interface StartsSinceUp {
  /** Starts of this container since `up` (at least one when its StartedAt is not the one `up` saw). */
  starts: number;
  /** Not the container `up` recorded: removed and created again. */
  recreated: boolean;
}

/** How long after a StartedAt Docker may send that start's event (28.5 took 0.93 s). */
const OWN_START_EVENT_MS = 2000;

/** How often a container was started since `up`: Docker's start events since then, and its StartedAt when events are not read. */
export function startsSinceUp(
  view: { exists: boolean; id?: string; startedAt?: string },
  reference: RunReference,
  events?: readonly { action: string; time: string; id?: string }[],
): StartsSinceUp | undefined {
  if (!view.exists) return undefined;
  const recreated = view.id !== undefined && view.id !== reference.id;
  // Docker sets StartedAt before it sends the start event (28.5 sent it 0.93 s later): the start
  // event within OWN_START_EVENT_MS of the StartedAt `up` recorded is that very start.
  const ownStart = (time: string) => {
    const recorded = reference.startedAt === undefined ? Number.NaN : Date.parse(reference.startedAt);
    const at = Date.parse(time);
    return at >= recorded && at - recorded <= OWN_START_EVENT_MS;
  };
  const counted = (events ?? []).filter(
    (event) => event.action === 'start' && (event.id === undefined || event.id === view.id) && later(event.time, reference.since) && !ownStart(event.time),
  ).length;
  const movedOn =
    view.startedAt !== undefined &&
    (reference.startedAt !== undefined ? !sameInstant(view.startedAt, reference.startedAt) : later(view.startedAt, reference.since));
  return { starts: Math.max(counted, movedOn ? 1 : 0), recreated };
}

export function startsText(starts: StartsSinceUp): string {
  if (starts.recreated) return 'created anew since `up`';
  return starts.starts === 0 ? 'not started again since `up`' : `started again ${starts.starts === 1 ? 'once' : `${starts.starts} times`} since \`up\``;
}
