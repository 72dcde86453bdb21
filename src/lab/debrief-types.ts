import type { Baseline } from './baseline.js';
import type { SessionEntry } from '../shim/session-log.js';
import type { WorkerEvent } from '../observe/snapshot.js';
import type { RuleBreakClassifier } from '../shim/transcript.js';

/** Everything `debrief` reads, gathered once; the scenario's builder turns it into a postmortem. */
export interface DebriefEvidence {
  /** When the evidence was gathered (ISO time). */
  at: string;
  baseline: Baseline;
  /** Docker events of the outage's failing container, oldest first, from before the outage began. */
  events: WorkerEvent[];
  /** The learner's recorded commands, in order. */
  session: SessionEntry[];
  /** When each finished job's result was stored (ISO times, any order). */
  finishedAt: string[];
  /** When each export the site accepted was accepted (ISO times, any order). */
  acceptedAt: string[];
  /** Now: what waits, what is parked, whether the failing container runs. Null where unreadable. */
  now: { queueDepth: number | null; parked: number | null; running: boolean | null };
}

export interface TimelineEntry {
  at: string;
  /** Seconds since the outage began (negative: before it). */
  t: number;
  kind: 'kill' | 'handover' | 'backlog' | 'command' | 'evidence' | 'diagnosis' | 'fix' | 'start' | 'death' | 'drain-start' | 'drain-end';
  text: string;
}

export interface Debrief {
  kind: 'async-outage-lab/debrief';
  version: 1;
  at: string;
  title: string;
  /** The outage is over: cause stated correctly, the worker back, and the backlog drained. */
  resolved: boolean;
  /** When the outage began (ISO time). */
  began: string;
  timeline: TimelineEntry[];
  figures: {
    /** Seconds from the outage to the root cause correctly stated; null while not. */
    timeToDiagnoseS: number | null;
    /** Seconds from the outage to the start of the worker that stayed up; null while none has. */
    timeToRecoverS: number | null;
    /** Seconds from the outage to the empty queue; null while jobs wait. */
    timeToDrainS: number | null;
    backlogAtHandover: number;
    /** The most jobs waiting at once, as far as the accepted and finished exports tell. */
    backlogPeak: number;
    fixAttempts: number;
    workerStarts: number;
    workerDeaths: number;
    commands: number;
  };
  rules: Array<{ rule: string; kept: boolean; commands: string[] }>;
  /** What is still open; empty once resolved. */
  open: string[];
  questions: Array<{ question: string; demo: string; command: string }>;
}

/** What a scenario tells `debrief`: its questions and how it reads its evidence. */
export interface DebriefBook {
  /** The container whose events tell the outage's story. */
  container: string;
  questions: ReadonlyArray<{ question: string; demo: string }>;
  /** Builds the postmortem from the evidence. Pure. */
  build: (evidence: DebriefEvidence, ruleBreak: RuleBreakClassifier) => Debrief;
}
