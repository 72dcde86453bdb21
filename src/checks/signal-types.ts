/**
 * The signals `status` shows: each one a value, a level against the scenario's thresholds, and
 * the sentence a person would say. UNKNOWN only while too few readings exist to tell.
 */
export type SignalLevel = 'OK' | 'WARN' | 'PAGE' | 'UNKNOWN';
export const SIGNAL_LEVELS: readonly SignalLevel[] = ['OK', 'WARN', 'PAGE', 'UNKNOWN'];

export interface Signal {
  id: string;
  label: string;
  level: SignalLevel;
  /** The number judged (a count, per minute, seconds, a ratio); null when it could not be read. */
  value: number | null;
  text: string;
}

/** Where a signal turns WARN and PAGE: set per scenario (src/scenarios/<id>/signals.ts). */
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
