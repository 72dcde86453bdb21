import type { ContainerEvent as WorkerEvent } from '../../../observe/container-view.js';
import type { SessionEntry } from '../../../shim/session-log.js';
import type { ExitedWorkerBaseline } from '../baseline.js';

/** Everything `debrief` reads, gathered once; the outage's builder turns it into a postmortem. */
export interface DebriefEvidence<B extends ExitedWorkerBaseline = ExitedWorkerBaseline> {
  /** When the evidence was gathered (ISO time). */
  at: string;
  baseline: B;
  /** Docker events of the outage's failing container, oldest first, from before the outage began. */
  events: WorkerEvent[];
  /** The learner's recorded commands, in order. */
  session: SessionEntry[];
  /** When each finished job's result was stored (ISO times, any order). */
  finishedAt: string[];
  /** When each export the site accepted was accepted (ISO times, any order). */
  acceptedAt: string[];
  /** Now: what waits, what is parked, whether the failing container runs. Null where unreadable. */
  now: { queueDepth: number | null; parked: number | null; running: boolean | null };
  /** The sources that could not be read, each with why (absent: all were read). */
  unread?: string[];
}
