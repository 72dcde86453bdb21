import type { WorkerEvent } from '../../../kits/celery-redis/observe/snapshot.js';
import { count, plural } from '../../../kits/celery-redis/wording.js';
import type { TimelineEntry } from '../../../scenario/debrief.js';
import type { SessionEntry } from '../../../shim/session-log.js';
import { commandLine } from '../../../shim/shell-words.js';
import { ANSWER } from '../criteria/root-cause.js';
import type { DebriefEvidence } from './types.js';

/** The outage's story, read from Docker events, the transcript and the result backend. Pure. */

const ms = (iso: string) => Date.parse(iso);
const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;

/** The docker verbs that change the worker, as the learner would try a fix. */
const FIX_VERBS = new Set(['start', 'restart', 'update', 'run', 'create', 'up']);
/** The commands that show the worker's state, exit code or OOM flag. */
const LOOK_VERBS = new Set(['ps', 'inspect', 'logs', 'events', 'stats']);

const verbOf = (entry: SessionEntry) => {
  const args = entry.argv.filter((arg) => !arg.startsWith('-'));
  return args[0] === 'container' || args[0] === 'compose' ? args[1] : args[0];
};
const mentionsWorker = (entry: SessionEntry) => entry.argv.some((arg) => /^worker\b/.test(arg) || arg === 'worker');
export const isFixAttempt = (entry: SessionEntry) => FIX_VERBS.has(verbOf(entry) ?? '') && (mentionsWorker(entry) || verbOf(entry) === 'up');
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

/** Commands that show how the worker ended (its State, or the engine's events), as the hints read them. */
const showsHowItEnded = (entry: SessionEntry) => (verbOf(entry) === 'inspect' && mentionsWorker(entry)) || verbOf(entry) === 'events';
/** A change to the worker's memory: the diagnosis acted on. */
const changesMemory = (entry: SessionEntry) => isFixAttempt(entry) && entry.argv.some((arg) => /^(--memory|-m)(=|$)/.test(arg));

const isLook = (entry: SessionEntry) => LOOK_VERBS.has(verbOf(entry) ?? '') && (verbOf(entry) === 'ps' || verbOf(entry) === 'events' || mentionsWorker(entry));

/** A death is an OOM kill when the engine reported `oom` for the container just before it. */
const deathText = (event: WorkerEvent, events: readonly WorkerEvent[]) => {
  const oom = events.some((e) => e.action === 'oom' && e.id === event.id && ms(event.time) - ms(e.time) >= 0 && ms(event.time) - ms(e.time) < 2000);
  return oom ? `the worker was OOM-killed (exit ${event.exitCode ?? 137})` : `the worker exited (code ${event.exitCode ?? '?'})`;
};

/** What followed one fix attempt, up to the next: the starts and deaths Docker recorded. */
export function effectOf(events: readonly WorkerEvent[], from: number, until: number): string {
  const within = events.filter((e) => ms(e.time) >= from && ms(e.time) < until && (e.action === 'start' || e.action === 'die' || e.action === 'update'));
  const start = within.find((e) => e.action === 'start');
  if (!start) return within.some((e) => e.action === 'update') ? 'the cap changed; the worker was not started' : 'no start followed';
  const death = within.find((e) => e.action === 'die' && ms(e.time) >= ms(start.time));
  return death ? `started, and died again ${seconds(ms(start.time), ms(death.time))} s later (exit ${death.exitCode ?? '?'})` : 'started, and stayed up';
}

/** The start after which the worker stayed up (it runs now and died no more), if any. */
export function recoveryStart(events: readonly WorkerEvent[], running: boolean | null, after: number): WorkerEvent | undefined {
  if (!running) return undefined;
  const last = [...events].reverse().find((e) => e.action === 'start' || e.action === 'die');
  return last?.action === 'start' && ms(last.time) > after ? last : undefined;
}

/** The queue's depth over the outage, from the depth at handover, each accepted and each finished export after it. */
export function backlogSeries(
  handoverAt: number,
  depthAtHandover: number,
  acceptedAt: readonly string[],
  finishedAt: readonly string[],
): Array<{ at: number; depth: number }> {
  const steps = [...acceptedAt.map((at) => ({ at: ms(at), change: 1 })), ...finishedAt.map((at) => ({ at: ms(at), change: -1 }))]
    .filter((step) => step.at > handoverAt)
    .sort((a, b) => a.at - b.at || a.change - b.change);
  let depth = depthAtHandover;
  return [{ at: handoverAt, depth }, ...steps.map((step) => ({ at: step.at, depth: Math.max(0, (depth += step.change)) }))];
}

export interface Story {
  began: number;
  timeline: TimelineEntry[];
  recoveredAt?: number;
  drainStart?: number;
  drainEnd?: number;
  diagnosedAt?: number;
  peak: { at: number; depth: number };
  fixAttempts: number;
  starts: number;
  deaths: number;
}

/** Builds the timeline, oldest first, with the moments the figures are measured from. */
export function buildStory(evidence: DebriefEvidence): Story {
  const { baseline, events, session } = evidence;
  const began = ms(baseline.worker.finishedAt);
  const handover = ms(baseline.createdAt);
  const entries: TimelineEntry[] = [];
  const add = (at: number, kind: TimelineEntry['kind'], text: string) => entries.push({ at: new Date(at).toISOString(), t: seconds(began, at), kind, text });
  // Until a root cause is stated, the debrief names no cause (as check holds its lessons back).
  const held = !baseline.statement;
  add(
    began,
    'kill',
    held
      ? `the worker stopped (exit ${baseline.worker.exitCode}); why is held back until you state a root cause`
      : `the kernel OOM-killed the worker (exit ${baseline.worker.exitCode}, OOMKilled=${baseline.worker.oomKilled}) with export ${baseline.backlog.inFlightId.slice(0, 8)} (${count(baseline.backlog.inFlightRows)} rows) in hand`,
  );
  add(handover, 'handover', `the outage was handed over with ${count(baseline.backlog.depthAtHandover)} exports waiting and customers adding more`);
  const after = events.filter((e) => ms(e.time) > began + 500);
  let starts = 0;
  let deaths = 0;
  for (const event of after) {
    if (event.action === 'start') add(ms(event.time), 'start', `the worker started (${++starts === 1 ? 'first start since the outage' : `start ${starts}`})`);
    if (event.action === 'die') {
      deaths++;
      add(ms(event.time), 'death', held ? `the worker stopped (exit ${event.exitCode ?? '?'})` : deathText(event, events));
    }
  }
  const attempts = fixAttempts(session);
  const firstLook = session.find(isLook);
  session.forEach((entry, i) => {
    const at = ms(entry.at);
    const line = commandLine(entry);
    const index = attempts.findIndex((attempt) => attempt[0] === entry);
    if (index >= 0) {
      // One attempt per command line, judged by what followed the whole line.
      const attempt = attempts[index]!;
      const next = attempts[index + 1];
      const lines = attempt.map((part) => `\`${commandLine(part)}\``).join(' then ');
      add(
        at,
        'fix',
        `fix attempt ${index + 1}: ${lines}${attempt.length > 1 ? ' (one command line)' : ''} → ${effectOf(events, at, next ? ms(next[0]!.at) : ms(evidence.at))}`,
      );
    } else if (isFixAttempt(entry))
      return; // the rest of a chained line, told with its first command
    else if (entry === firstLook) add(at, 'evidence', `first look at the worker's state: \`${line}\``);
    else add(at, 'command', `${i === 0 ? 'first command: ' : ''}\`${line}\``);
  });
  const statement = baseline.statement;
  const correct = statement?.component === ANSWER.component && statement.cause === ANSWER.cause;
  if (statement)
    add(ms(statement.at), 'answer', `root cause stated: ${statement.component}, ${statement.cause} (${correct ? 'correct' : 'not what happened'})`);
  // Diagnosed: when the cause was first in view (a command that shows how the worker ended) or
  // acted on (its memory changed), else when it was stated; only once it is stated correctly.
  const inView = session.find((entry) => showsHowItEnded(entry) || changesMemory(entry));
  const diagnosedAt = correct && statement ? Math.min(ms(statement.at), inView ? ms(inView.at) : Infinity) : undefined;
  if (diagnosedAt !== undefined) {
    add(
      diagnosedAt,
      'diagnosis',
      inView && ms(inView.at) === diagnosedAt
        ? `the cause was in view: \`${commandLine(inView)}\` (the root cause, stated later, matches it)`
        : 'the cause was named: the root cause stated is what happened',
    );
  }
  const series = backlogSeries(handover, baseline.backlog.depthAtHandover, evidence.acceptedAt, evidence.finishedAt);
  const peak = series.reduce((top, point) => (point.depth > top.depth ? point : top), series[0]!);
  if (peak.at > handover) add(peak.at, 'backlog', `the backlog peaked at ${count(peak.depth)} waiting`);
  const recovery = recoveryStart(after, evidence.now.running, began);
  const recoveredAt = recovery ? ms(recovery.time) : undefined;
  const finishedAfter =
    recoveredAt === undefined
      ? []
      : evidence.finishedAt
          .map(ms)
          .filter((at) => at >= recoveredAt)
          .sort((a, b) => a - b);
  const drainStart = finishedAfter[0];
  if (drainStart !== undefined) add(drainStart, 'drain-start', 'the drain began: the first export finished since the outage');
  // The drain ends when the backlog first runs out, not at the last result: customers keep adding
  // exports, each finished at once. What dead workers parked in `unacked` never finishes: it stays counted.
  const floor = evidence.now.parked ?? 0;
  const emptied =
    drainStart !== undefined && evidence.now.queueDepth === 0
      ? (series.find((point) => point.at >= drainStart && point.depth <= floor)?.at ?? finishedAfter.at(-1))
      : undefined;
  const drainEnd = emptied;
  if (drainEnd !== undefined)
    add(drainEnd, 'drain-end', `the drain ended: the backlog ran out after ${plural(finishedAfter.filter((at) => at <= drainEnd).length, 'export')} finished`);
  entries.sort((a, b) => ms(a.at) - ms(b.at));
  return {
    began,
    timeline: entries,
    ...(recoveredAt === undefined ? {} : { recoveredAt }),
    ...(drainStart === undefined ? {} : { drainStart }),
    ...(drainEnd === undefined ? {} : { drainEnd }),
    ...(diagnosedAt === undefined ? {} : { diagnosedAt }),
    peak,
    fixAttempts: attempts.length,
    starts,
    deaths,
  };
}
