import { RATE_WINDOW_MS } from '../../checks/queue-rate.js';
import type { SignalThresholds } from '../../checks/signal-types.js';

/**
 * Where this outage's signals turn WARN and PAGE. A healthy worker finishes small exports at tens
 * a second and simulated customers submit about 20 a minute, so a queue that grows, a backlog
 * nobody consumes, or a customer kept waiting minutes is what an on-call engineer would page on.
 */
export const workerOomSignals: SignalThresholds = {
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
