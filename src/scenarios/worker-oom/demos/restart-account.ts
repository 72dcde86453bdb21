import { randomUUID } from 'node:crypto';
import type { ExportTask } from '../../../kits/celery-redis/broker/envelope.js';
import { JOBS_BEFORE_IN_FLIGHT, SMALL_ROWS } from '../../../kits/celery-redis/figures.js';
import { isoFromNanos } from '../../../observe/from-inspect.js';

/**
 * The restart-policy demo's account of each worker, from one source: Docker's die and start
 * events, with what `unacked` held at each death. Its summary and its answer read only this. Pure.
 */

/** Enough restarts to see the loop and Docker's back-off grow; the demo stops watching there. */
export const RESTARTS_TO_SEE = 3;
/** Small exports between two large ones: a restarted worker reaches the next large one in seconds. */
const SMALL_BETWEEN = 6;
/**
 * Rows of each large export: well past what fits under the old cap (it needs about 193 MiB), and
 * no more, so the worker with room gets through them all within the demo on a busy machine too.
 */
export const DEMO_LARGE_ROWS = 800_000;

/**
 * The demo's backlog: the outage's order (a few small exports, then the fatal one), then one large
 * export after every few small ones, one more than the restarts to see: a worker under the old cap
 * dies at each, and one with room drains them all within the demo's watch.
 */
export function demoBacklog(newId: () => string = randomUUID): ExportTask[] {
  const small = (): ExportTask => ({ exportId: newId(), rows: SMALL_ROWS.min, report: 'orders' });
  const tasks: ExportTask[] = Array.from({ length: JOBS_BEFORE_IN_FLIGHT }, small);
  const large = (): ExportTask => ({ exportId: newId(), rows: DEMO_LARGE_ROWS, report: 'orders-full-history' });
  tasks.push(large());
  for (let i = 0; i < RESTARTS_TO_SEE; i++) tasks.push(...Array.from({ length: SMALL_BETWEEN }, small), large());
  tasks.push(...Array.from({ length: SMALL_BETWEEN }, small));
  return tasks;
}

/** What `unacked` held when the demo first saw a death (a new State.FinishedAt). */
export interface DeathReading {
  finishedAt: string;
  parked: number;
}

export interface Death {
  /** The die event's time. */
  at: string;
  /** Exports in `unacked` right after it (absent: the demo's readings missed this death). */
  parked?: number;
  /** Seconds until Docker's next start (absent: not started again while the demo watched). */
  restartedAfterS?: number;
}

export interface RestartWatch {
  name: string;
  policy: string;
  memoryMiB: number;
  /** Exports its queue was fed. */
  exports: number;
  restartCount: number;
  /** Each death, in order, from Docker's events. */
  deaths: Death[];
  /** The same, per death: exports parked in `unacked` right after it (-1: not read). */
  parkedAfterDeath: number[];
  /** The same, per death that Docker followed with a start: seconds until that start. */
  restartGapsS: number[];
  /** The first `docker ps -a` line seen while Docker was restarting it, if any. */
  restartingLine?: string;
  /** The `docker ps -a` line at the end. */
  finalLine: string;
  /** Its queue and `unacked` at the last reading. */
  queueDepth: number;
  unacked: number;
  /** Seconds into the demo when its queue and `unacked` were both empty (absent: not seen). */
  drainedAfterS?: number;
}

type TimedEvent = { action: string; timeNano: number };

/**
 * The events an account ending at one reading holds: deaths up to the reading's start (each shows
 * in the states it reads, with what it parked), starts up to its read of the worker (Docker's
 * RestartCount then counts them). Pure.
 */
export function eventsOfAccount(events: ReadonlyArray<TimedEvent>, deathsUntilS: number, startsUntilS: number): TimedEvent[] {
  return events.filter((event) => event.timeNano <= (event.action === 'die' ? deathsUntilS : startsUntilS) * 1e9);
}

/** The gaps between each `die` and the `start` after it, in seconds, from Docker events. Pure. */
export function restartGaps(events: ReadonlyArray<TimedEvent>): number[] {
  return workerDeaths(events, []).flatMap((death) => (death.restartedAfterS === undefined ? [] : [death.restartedAfterS]));
}

/**
 * Every death in the events, in order, each with the next start's gap and the `unacked` count
 * the demo read for it (a reading belongs to the death whose die event is within a second of its
 * FinishedAt: the two are written by the same exit).
 */
export function workerDeaths(events: ReadonlyArray<TimedEvent>, readings: readonly DeathReading[]): Death[] {
  const deaths: Array<Death & { nanos: number }> = [];
  for (const event of events) {
    if (event.action === 'die') deaths.push({ at: isoFromNanos(BigInt(Math.round(event.timeNano))), nanos: event.timeNano });
    else if (event.action === 'start') {
      const open = deaths.at(-1);
      if (open && open.restartedAfterS === undefined) open.restartedAfterS = Math.round((event.timeNano - open.nanos) / 1e7) / 100;
    }
  }
  return deaths.map(({ nanos, ...death }) => {
    const reading = readings.find((r) => Math.abs(Date.parse(r.finishedAt) - nanos / 1e6) < 1000);
    return reading ? { ...death, parked: reading.parked } : death;
  });
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const seconds = (s: number) => `${s} s`;

/** One worker's line of the summary: every figure from its own deaths. */
export function workerLine(w: RestartWatch, watchedS: number): string {
  const head = `${w.memoryMiB} MiB, --restart=${w.policy}:`.padEnd(36);
  if (w.deaths.length === 0) {
    const drained =
      w.drainedAfterS !== undefined
        ? `drained its ${w.exports} exports ${w.drainedAfterS} s into the demo`
        : `${w.queueDepth.toLocaleString('en-US')} still waiting and ${w.unacked} in unacked after ${watchedS} s`;
    return `${head} never died; ${drained}; RestartCount ${w.restartCount}`;
  }
  const parked = w.deaths.map((d) => (d.parked === undefined ? '?' : String(d.parked))).join(', ');
  const gaps = w.deaths.map((d) => (d.restartedAfterS === undefined ? 'not yet' : seconds(d.restartedAfterS))).join(', ');
  return `${head} died ${times(w.deaths.length)} in ${watchedS} s; parked in unacked after each death: ${parked}; Docker started it again after: ${gaps}; RestartCount ${w.restartCount}`;
}

/** The sentence that answers the demo's question, from what the two on-failure workers did. */
export function restartPolicyAnswer(low: RestartWatch, room: RestartWatch, watchedS: number): string {
  const restarted = low.deaths.filter((d) => d.restartedAfterS !== undefined).length;
  const parkedAtEnd = [...low.deaths].reverse().find((d) => d.parked !== undefined)?.parked;
  const roomText =
    room.deaths.length === 0 && room.drainedAfterS !== undefined
      ? `with ${room.memoryMiB} MiB the same policy never had to act: it stayed Up and drained its queue in ${room.drainedAfterS} s.`
      : room.deaths.length === 0
        ? `with ${room.memoryMiB} MiB it stayed Up, but had not drained its queue when the demo stopped watching (${room.queueDepth.toLocaleString('en-US')} waiting).`
        : `with ${room.memoryMiB} MiB it died too (${times(room.deaths.length)}): this run cannot tell the two apart.`;
  if (low.deaths.length < 2 || restarted === 0) {
    return `Could not tell: in ${watchedS} s the worker under ${low.memoryMiB} MiB died ${times(low.deaths.length)} and was started again ${times(restarted)}, too few to show a loop; ${roomText}`;
  }
  const last = low.deaths.at(-1)!;
  const gaps = low.deaths.flatMap((d) => (d.restartedAfterS === undefined ? [] : [d.restartedAfterS]));
  const growing = gaps.length >= 2 && gaps.at(-1)! > gaps[0]!;
  const shown = /Restarting \(\d+\)/.exec(low.restartingLine ?? '')?.[0];
  return (
    `Answer: --restart=on-failure brings the worker back but keeps it dying: under ${low.memoryMiB} MiB Docker started it again ${times(restarted)} and it died ${times(low.deaths.length)}` +
    `${parkedAtEnd !== undefined ? `, each death leaving one more export in unacked (${parkedAtEnd} by the last)` : ''}` +
    `; \`docker ps -a\` shows ${shown ? `it "${shown}" between runs${growing ? ', for longer each time (Docker backs off)' : ''}` : 'it Up between deaths'} and RestartCount climbing (${low.restartCount}); ` +
    `${last.restartedAfterS === undefined ? 'still restarting when the demo stopped; ' : ''}${roomText}`
  );
}
