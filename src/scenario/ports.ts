import type { QueueRate } from '../checks/queue-rate.js';
import type { InspectInfo } from '../docker/engine.js';
import type { LabBaseline } from './baseline.js';
import type { Signal } from './signal.js';

/** One reading of a backlog on its way down, as `check` shows its progress. */
export interface DrainReading {
  /** Jobs still waiting (-1: unreadable). */
  remaining: number;
  /** The backlog at the hand-over: the progress bar's 100%. */
  total: number;
  /** How the backlog moves over the recent window; null before two readings. */
  rate: QueueRate | null;
  /** The consumer's state, in a few words ("consumer running"). */
  consumer: string;
  /** The reading in one line, for the observing step's detail. */
  line: string;
}

/** How `check` observes: the drain `--wait` follows, then one snapshot. */
export interface DrainPort<B extends LabBaseline, S, D> {
  /**
   * Follows the drain to its end (or `maxMs`), calling `onReading` at each reading; undefined,
   * without a reading, when nothing consumes the backlog to follow.
   */
  follow: (baseline: B, maxMs: number, onReading: (reading: DrainReading) => void) => Promise<D | undefined>;
  /** One snapshot of the lab; after `follow`, of the same moment as its last reading. */
  observe: (baseline: B, options: { followed?: D; onReading: (reading: DrainReading) => void }) => Promise<S>;
}

/** A live reader of the lab: one sample per call, with what it cost by outside system. */
export interface StatusProbe<L> {
  sample: () => Promise<L & { at: number }>;
  readonly calls: Readonly<Record<string, number>>;
  /** Ends whatever the probe holds open. */
  close: () => void;
}

/** A series of samples as `status` shows it. */
export interface StatusView {
  at: number;
  /** Headed groups of signals, in the order printed. */
  sections: ReadonlyArray<{ title: string; signals: readonly Signal[] }>;
  /** The JSON record of one reading (`extra` goes after its time). */
  record: (extra?: Record<string, unknown>) => Record<string, unknown>;
  /** What a single `status --json` adds to the record. */
  summary: Record<string, unknown>;
}

/** What `status` reads and shows. */
export interface StatusPort<B extends LabBaseline, L> {
  probe: (baseline: B) => StatusProbe<L>;
  /** The view of samples, oldest first. Pure. */
  view: (samples: ReadonlyArray<L & { at: number }>) => StatusView;
  /** The recent stretch rates are taken over; `status --watch` keeps at least that much. */
  rateWindowMs: number;
  /** How long a single `status` waits between its two readings. */
  spanMs: number;
  /** Without a lab to sample (none, or half-built): one line per container and the backlog, and the JSON fields. */
  glance: (infos: Record<string, InspectInfo | undefined>) => Promise<{ lines: string[]; record: Record<string, unknown> }>;
}
