import type { SessionEntry } from '../../../shim/session-log.js';
import { dockerVerb } from '../hints/docker-verb.js';
import type { WorkerEvent } from '../observe/snapshot.js';

/** The learner's fix attempts on the worker, read from the commands the shim recorded. Pure. */

const ms = (iso: string) => Date.parse(iso);
const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;

/** The docker verbs that change the worker, as the learner would try a fix. */
const FIX_VERBS = new Set(['start', 'restart', 'update', 'run', 'create', 'up']);
/** The commands that show the worker's state, exit code or OOM flag. */
const LOOK_VERBS = new Set(['ps', 'inspect', 'logs', 'events', 'stats']);

/** The command's verb, its global options skipped (`docker -H … start`, `docker compose -p … up`). */
export const verbOf = (entry: SessionEntry) => dockerVerb(entry.argv, entry.program)?.verb;
export const mentionsWorker = (entry: SessionEntry) => entry.argv.some((arg) => /^worker\b/.test(arg) || arg === 'worker');
export const isFixAttempt = (entry: SessionEntry) => FIX_VERBS.has(verbOf(entry) ?? '') && (mentionsWorker(entry) || verbOf(entry) === 'up');
/** A look at the worker's state (or every container's, or the engine's events). */
export const isLook = (entry: SessionEntry) =>
  LOOK_VERBS.has(verbOf(entry) ?? '') && (verbOf(entry) === 'ps' || verbOf(entry) === 'events' || mentionsWorker(entry));
/**
 * A fix attempt is one command line: docker commands chained on it (`docker update … && docker
 * start worker`) start within this long of the previous one's end. A shell running a chain does
 * (measured: 0.2 s on an idle machine, 1.1 s on a loaded 2-core one, the shim's start-up being
 * most of it); someone reading the output and typing the next command rarely is that quick.
 */
export const CHAIN_GAP_MS = 3000;

/** The learner's fix attempts, each the fix commands of one command line, in order. */
export function fixAttempts(session: readonly SessionEntry[]): SessionEntry[][] {
  const attempts: SessionEntry[][] = [];
  let previous: SessionEntry | undefined;
  for (const entry of session) {
    const chained = previous !== undefined && ms(entry.at) - (ms(previous.at) + previous.durationMs) < CHAIN_GAP_MS;
    if (isFixAttempt(entry)) {
      const last = attempts.at(-1);
      if (chained && last && last.at(-1) === previous) last.push(entry);
      else attempts.push([entry]);
    }
    previous = entry;
  }
  return attempts;
}

/** The verbs whose command starts the worker itself (an `update` or a `create` starts nothing). */
const START_VERBS = new Set(['start', 'restart', 'run', 'up']);
/** How long after a starting command returned its `start` event may still come: Engine 28 sends it a second or two late. */
export const START_EVENT_LAG_MS = 3000;

/**
 * Whether one of the attempt's commands started the worker at `event`: a start while a command
 * that starts it ran (or just after). Docker's own restarts, by the worker's restart policy, match
 * no command of the learner's: the shim records every command, and none was running then.
 */
export const startedBy = (attempt: readonly SessionEntry[], event: WorkerEvent) =>
  event.action === 'start' &&
  attempt.some(
    (entry) => START_VERBS.has(verbOf(entry) ?? '') && ms(event.time) >= ms(entry.at) && ms(event.time) <= ms(entry.at) + entry.durationMs + START_EVENT_LAG_MS,
  );

/** What an attempt's `docker update` changed: the memory cap when it set one, else the worker's settings. */
const changedWhat = (attempt: readonly SessionEntry[]) =>
  attempt.some((entry) => verbOf(entry) === 'update' && entry.argv.some((arg) => /^(-m|--memory)/.test(arg))) ? 'the cap changed' : 'its settings changed';

/** What followed one fix attempt, up to the next: the start it made and the death after it, as Docker recorded them. */
export function effectOf(events: readonly WorkerEvent[], attempt: readonly SessionEntry[], until: number): string {
  const from = attempt[0] ? ms(attempt[0].at) : until;
  const within = events.filter((e) => ms(e.time) >= from && ms(e.time) < until && (e.action === 'start' || e.action === 'die' || e.action === 'update'));
  const start = within.find((e) => startedBy(attempt, e));
  if (!start) {
    const changed = within.some((e) => e.action === 'update') ? `${changedWhat(attempt)}; ` : '';
    const restarts = within.filter((e) => e.action === 'start').length;
    if (restarts === 0) return changed ? `${changed}the worker was not started` : 'no start followed';
    // Not the learner's commands: a restart policy, or a command typed where the lab records nothing.
    return `${changed}it started nothing itself: the worker started ${restarts === 1 ? 'once' : `${restarts} times`} meanwhile with no recorded command of yours`;
  }
  const death = within.find((e) => e.action === 'die' && ms(e.time) >= ms(start.time));
  return death ? `started, and died again ${seconds(ms(start.time), ms(death.time))} s later (exit ${death.exitCode ?? '?'})` : 'started, and stayed up';
}
