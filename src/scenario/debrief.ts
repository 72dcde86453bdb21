import type { RuleBreakClassifier } from '../shim/transcript.js';
import type { LabBaseline } from './baseline.js';

export interface TimelineEntry {
  at: string;
  /** Seconds since the outage began (negative: before it). */
  t: number;
  kind: 'kill' | 'handover' | 'backlog' | 'command' | 'evidence' | 'diagnosis' | 'answer' | 'fix' | 'start' | 'death' | 'drain-start' | 'drain-end';
  text: string;
}

export interface Debrief {
  kind: 'async-outage-lab/debrief';
  version: 1;
  at: string;
  title: string;
  /** The container whose deaths and starts the figures count. */
  subject: string;
  /** The outage is over: cause stated correctly, the service back, and its backlog drained. */
  resolved: boolean;
  /** When the outage began (ISO time). */
  began: string;
  timeline: TimelineEntry[];
  figures: {
    /**
     * Seconds from the outage to its diagnosis: the first command that showed how the failing
     * container ended, or changed what it was short of, or else the answer; null until the root
     * cause is stated correctly.
     */
    timeToDiagnoseS: number | null;
    /** Seconds from the outage to the start of the failing container's run that stayed up; null while none has. */
    timeToRecoverS: number | null;
    /** Seconds from the outage to the empty queue; null while jobs wait. */
    timeToDrainS: number | null;
    backlogAtHandover: number;
    /** The most jobs waiting at once, as far as the accepted and finished exports tell; null where nothing measured it. */
    backlogPeak: number | null;
    fixAttempts: number;
    /** Starts and deaths of the container the debrief is about (its `subject`). */
    subjectStarts: number;
    subjectDeaths: number;
    commands: number;
  };
  /** What each time figure measures, for an outage whose recovery is not the failing container's restart (the default speaks of one). */
  figureNotes?: { diagnose: string; recover: string };
  rules: Array<{ rule: string; kept: boolean; commands: string[] }>;
  /** What is still open; empty once resolved. */
  open: string[];
  questions: Array<{ question: string; demo: string; command: string }>;
  /** Why `questions` is empty: they answer the outage, so they wait for a stated root cause. */
  questionsHeld?: string;
}

/** What a scenario tells `debrief`: its questions, how it gathers its evidence (E) and reads it. */
export interface DebriefBook<B extends LabBaseline = LabBaseline, E = unknown> {
  questions: ReadonlyArray<{ question: string; demo: string }>;
  /** Reads the evidence once, read-only: a source that cannot be read leaves its part empty. */
  gather: (baseline: B, sessionLog: string) => Promise<E>;
  /** Builds the postmortem from the evidence. Pure. */
  build: (evidence: E, ruleBreak: RuleBreakClassifier) => Debrief;
}
