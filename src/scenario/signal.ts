/**
 * The signals `status` shows: each one a value, a level against the scenario's thresholds, and
 * the sentence a person would say. UNKNOWN only while too few readings exist to tell.
 */
export type SignalLevel = 'OK' | 'WARN' | 'PAGE' | 'UNKNOWN';

export interface Signal {
  id: string;
  label: string;
  level: SignalLevel;
  /** The number judged (a count, per minute, seconds, a ratio); null when it could not be read. */
  value: number | null;
  text: string;
}
