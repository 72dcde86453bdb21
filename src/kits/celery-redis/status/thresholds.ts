import { RATE_WINDOW_MS } from '../../../checks/queue-rate.js';

/** Where each of the stack's signals turns WARN and PAGE. */
export interface SignalThresholds {
  /** The recent stretch rates are taken over. */
  rateWindowMs: number;
  queueDepth: { warn: number; page: number };
  /** Net growth of the queue, jobs per minute. */
  queueGrowthPerMinute: { warn: number; page: number };
  /** Fewer live consumers than this while jobs wait pages. */
  minConsumers: number;
  oldestJobAgeSeconds: { warn: number; page: number };
  /** Deliveries in `unacked` that no live consumer can be holding. */
  parkedJobs: { warn: number; page: number };
  /** Below this while jobs wait is WARN; none at all is PAGE. */
  finishedPerMinuteBelow: number;
  /** Below this the site's customers are not getting exports accepted: WARN (unreachable web: PAGE). */
  web202PerMinuteBelow: number;
  drainEtaMinutes: { warn: number; page: number };
  /** Memory in use over the limit. */
  memoryRatio: { warn: number; page: number };
}

/**
 * Where the stack's signals turn WARN and PAGE. A healthy worker finishes small exports at tens
 * a second and simulated customers submit about 20 a minute, so a queue that grows, a backlog
 * nobody consumes, or a customer kept waiting minutes is what an on-call engineer would page on.
 */
export const stackSignals: SignalThresholds = {
  rateWindowMs: RATE_WINDOW_MS,
  queueDepth: { warn: 100, page: 1000 },
  queueGrowthPerMinute: { warn: 1, page: 10 },
  minConsumers: 1,
  oldestJobAgeSeconds: { warn: 120, page: 600 },
  parkedJobs: { warn: 1, page: 10 },
  finishedPerMinuteBelow: 60,
  web202PerMinuteBelow: 1,
  drainEtaMinutes: { warn: 10, page: 60 },
  memoryRatio: { warn: 0.8, page: 0.95 },
};
