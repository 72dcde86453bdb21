import { z } from 'zod';

/**
 * How the queue is moving, over a stated recent window, in the words a person would use:
 * "draining at 90/s", "steady at 0", "growing 20/min". Pure: samples in, description out.
 */

/** The most recent stretch a rate is taken over: older samples say little about now. */
export const RATE_WINDOW_MS = 30_000;

export type QueueTrend = 'draining' | 'growing' | 'steady' | 'emptied';

export interface QueueRate {
  trend: QueueTrend;
  /** Queue depth at the window's first and last sample. */
  from: number;
  to: number;
  /** How long the window is, in seconds (the span of the samples in it). */
  windowSeconds: number;
  /** Depth change per minute over the window (negative: shrinking). */
  perMinute: number;
  /** The sentence: "draining at 90/s over the last 10 s". */
  text: string;
}

/** QueueRate as `check --json` carries it. */
export const queueRateSchema = z.object({
  trend: z.enum(['draining', 'growing', 'steady', 'emptied']),
  from: z.number().int(),
  to: z.number().int(),
  windowSeconds: z.number(),
  perMinute: z.number(),
  text: z.string(),
});

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** 90/s when at least one a second, else 20/min. */
export function pace(perMinute: number): string {
  const magnitude = Math.abs(perMinute);
  if (magnitude >= 60) return `${count(magnitude / 60)}/s`;
  return magnitude >= 1 ? `${count(magnitude)}/min` : 'under 1/min';
}

/** The rate over the samples of the last `windowMs`; null with fewer than two readings there. */
export function queueRate(samples: ReadonlyArray<{ at: number; queueDepth: number }>, windowMs = RATE_WINDOW_MS): QueueRate | null {
  const readable = samples.filter((sample) => sample.queueDepth >= 0);
  const last = readable.at(-1);
  if (!last) return null;
  const window = readable.filter((sample) => last.at - sample.at <= windowMs);
  const first = window[0];
  if (!first || first === last || last.at <= first.at) return null;
  const seconds = (last.at - first.at) / 1000;
  const perMinute = ((last.queueDepth - first.queueDepth) / seconds) * 60;
  const over = `over the last ${count(seconds)} s`;
  const rate = { from: first.queueDepth, to: last.queueDepth, windowSeconds: Math.round(seconds * 10) / 10, perMinute: Math.round(perMinute) };
  if (last.queueDepth === first.queueDepth) return { ...rate, trend: 'steady', text: `steady at ${count(last.queueDepth)} ${over}` };
  if (last.queueDepth === 0) return { ...rate, trend: 'emptied', text: `drained to 0 (from ${count(first.queueDepth)}) ${over}` };
  if (perMinute < 0) return { ...rate, trend: 'draining', text: `draining at ${pace(perMinute)} ${over}` };
  return { ...rate, trend: 'growing', text: `growing ${pace(perMinute)} ${over}` };
}
