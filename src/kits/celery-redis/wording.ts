import { nanosOf } from '../../observe/from-inspect.js';

/** The wording the stack's account and its outages' criteria share: counts, clock times, Docker's times compared. Pure. */

export const count = (n: number) => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** `04:26:20 UTC` from an ISO time; the date too when it is not the reference's day. */
export function clock(time: string | undefined, reference?: string): string {
  if (!time) return 'an unknown time';
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return time;
  const iso = new Date(ms).toISOString();
  const sameDay =
    reference !== undefined && !Number.isNaN(Date.parse(reference)) && new Date(Date.parse(reference)).toISOString().slice(0, 10) === iso.slice(0, 10);
  return sameDay ? `${iso.slice(11, 19)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Is `a` strictly later than `b`? Compares Docker's nanosecond times exactly. */
export function later(a: string | undefined, b: string | undefined): boolean {
  const left = nanosOf(a);
  const right = nanosOf(b);
  return left !== undefined && right !== undefined && left > right;
}

/** The same moment, to the millisecond (a restart always takes longer than that). */
export function sameInstant(a: string | undefined, b: string | undefined): boolean {
  const left = nanosOf(a);
  const right = nanosOf(b);
  return left !== undefined && right !== undefined && left / 1_000_000n === right / 1_000_000n;
}

/** The stack's three containers as a root-cause question offers them, in the order an export passes them. */
export const STACK_COMPONENTS = {
  web: 'web: the HTTP service that takes export requests',
  redis: 'redis: the broker that holds the queue',
  worker: 'worker: the Celery process that turns queued jobs into CSV files',
} as const;
