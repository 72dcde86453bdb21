import type { Debrief, TimelineEntry } from '../../../scenario/debrief.js';
import { commandLine } from '../../../shim/shell-words.js';
import type { WorkerEvent } from '../observe/snapshot.js';
import { count, plural } from '../wording.js';
import { backlogSeries } from './backlog-series.js';
import type { DebriefEvidence } from './evidence-types.js';
import { effectOf, fixAttempts, isFixAttempt, isLook } from './fix-attempts.js';

/** The story of an outage of the stack whose worker died, read from Docker events, the transcript and the result backend. Pure. */

const ms = (iso: string) => Date.parse(iso);
const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;

/** Adds one entry to the timeline, at a time in ms. */
export type AddEntry = (at: number, kind: TimelineEntry['kind'], text: string) => void;

/** What an outage tells in its own words: how it began, each death, and (once answered) its diagnosis. */
export interface StoryTelling<E extends DebriefEvidence> {
  /** The first entry: the worker's end that began the outage. */
  began: (evidence: E) => string;
  /** A death of the worker after the outage began. */
  death: (event: WorkerEvent, evidence: E) => string;
  /** Adds the answer and the diagnosis to the timeline; returns when the outage was diagnosed, if it was. */
  diagnosis?: (evidence: E, add: AddEntry) => number | undefined;
}

/** The story told without a cause: every end is "stopped, exit N", and nothing is diagnosed. */
export const untoldStory: StoryTelling<DebriefEvidence> = {
  began: (evidence) => `the worker stopped (exit ${evidence.baseline.worker.exitCode}); why is held back until you state a root cause`,
  death: (event) => `the worker stopped (exit ${event.exitCode ?? '?'})`,
};

/** The start after which the worker stayed up (it runs now and died no more), if any. */
export function recoveryStart(events: readonly WorkerEvent[], running: boolean | null, after: number): WorkerEvent | undefined {
  if (!running) return undefined;
  const last = [...events].reverse().find((e) => e.action === 'start' || e.action === 'die');
  return last?.action === 'start' && ms(last.time) > after ? last : undefined;
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
export function buildStory<E extends DebriefEvidence>(evidence: E, telling: StoryTelling<E>): Story {
  const { baseline, events, session } = evidence;
  const began = ms(baseline.worker.finishedAt);
  const handover = ms(baseline.createdAt);
  const entries: TimelineEntry[] = [];
  const add: AddEntry = (at, kind, text) => entries.push({ at: new Date(at).toISOString(), t: seconds(began, at), kind, text });
  add(began, 'kill', telling.began(evidence));
  add(handover, 'handover', `the outage was handed over with ${count(baseline.backlog.depthAtHandover)} exports waiting and customers adding more`);
  const after = events.filter((e) => ms(e.time) > began + 500);
  let starts = 0;
  let deaths = 0;
  for (const event of after) {
    if (event.action === 'start') add(ms(event.time), 'start', `the worker started (${++starts === 1 ? 'first start since the outage' : `start ${starts}`})`);
    if (event.action === 'die') {
      deaths++;
      add(ms(event.time), 'death', telling.death(event, evidence));
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
        `fix attempt ${index + 1}: ${lines}${attempt.length > 1 ? ' (one command line)' : ''} → ${effectOf(events, attempt, next ? ms(next[0]!.at) : ms(evidence.at))}`,
      );
    } else if (isFixAttempt(entry))
      return; // the rest of a chained line, told with its first command
    else if (entry === firstLook) add(at, 'evidence', `first look at the worker's state: \`${line}\``);
    else add(at, 'command', `${i === 0 ? 'first command: ' : ''}\`${line}\``);
  });
  const diagnosedAt = telling.diagnosis?.(evidence, add);
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
  const drainEnd =
    drainStart !== undefined && evidence.now.queueDepth === 0
      ? (series.find((point) => point.at >= drainStart && point.depth <= floor)?.at ?? finishedAfter.at(-1))
      : undefined;
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

const elapsed = (from: number, to: number | undefined) => (to === undefined ? null : Math.round((to - from) / 100) / 10);

/** The debrief's figures from the story, measured from the outage's start. */
export function storyFigures(story: Story, evidence: DebriefEvidence, diagnosedAt: number | undefined): Debrief['figures'] {
  return {
    timeToDiagnoseS: elapsed(story.began, diagnosedAt),
    timeToRecoverS: elapsed(story.began, story.recoveredAt),
    timeToDrainS: elapsed(story.began, story.drainEnd),
    backlogAtHandover: evidence.baseline.backlog.depthAtHandover,
    backlogPeak: story.peak.depth,
    fixAttempts: story.fixAttempts,
    subjectStarts: story.starts,
    subjectDeaths: story.deaths,
    commands: evidence.session.length,
  };
}
