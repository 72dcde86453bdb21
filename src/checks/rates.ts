import { pace } from './queue-rate.js';

/** How fast a counter that only goes up (finished exports, 202 responses) rose over a recent window. Pure. */
export interface CounterRate {
  perMinute: number;
  windowSeconds: number;
  /** "12/min over the last 30 s" */
  text: string;
}

export function counterRate<S extends { at: number }>(samples: readonly S[], read: (sample: S) => number | undefined, windowMs: number): CounterRate | null {
  const readable = samples.filter((sample) => read(sample) !== undefined);
  const last = readable.at(-1);
  if (!last) return null;
  const first = readable.find((sample) => last.at - sample.at <= windowMs);
  if (!first || first === last || last.at <= first.at) return null;
  const seconds = (last.at - first.at) / 1000;
  // A counter that fell was reset (its service restarted): count from its new start.
  const rise = read(last)! >= read(first)! ? read(last)! - read(first)! : read(last)!;
  const perMinute = (rise / seconds) * 60;
  return {
    perMinute: Math.round(perMinute * 10) / 10,
    windowSeconds: Math.round(seconds * 10) / 10,
    text: `${rise === 0 ? 'none' : pace(perMinute)} over the last ${Math.round(seconds)} s`,
  };
}

/** 45 s, 3 min, 1 h 5 min. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}
