import type { ContainerName } from '../figures.js';

export type { ContainerEvent as WorkerEvent, ContainerView } from '../../../observe/container-view.js';

import type { ContainerView, ContainerEvent as WorkerEvent } from '../../../observe/container-view.js';

export interface BrokerView {
  reachable: boolean;
  error?: string;
  /**
   * When Redis was read (ISO time). Read the broker before the ledger: exports accepted after
   * this moment cannot be in what Redis returned, so the checks leave them for the next check.
   */
  readAt?: string;
  pong?: boolean;
  runId?: string;
  /** LLEN celery, plus any priority sub-queues. */
  queueDepth?: number;
  unackedCount?: number;
  /** calls per command from INFO commandstats, lower-case names (flushall, flushdb, del, unlink, ltrim, ...). */
  commandCalls?: Record<string, number>;
  /** Export ids found in the queue and in unacked (the jobs Redis still holds). */
  queuedIds?: string[];
  /** Rows of each export still queued, by id (for the headroom the worker needs). */
  queuedRows?: Record<string, number>;
  /** The exports in kombu's `unacked` hash, each with when it was delivered (the rest of queuedIds wait in the queue). */
  unacked?: UnackedJob[];
  /**
   * Ledger exports first seen in neither place, read again until found or the settle timeout ran
   * out (kombu moves a job from the list to `unacked` in a second round trip).
   */
  settle?: SettleRecord;
}

export interface UnackedJob {
  exportId: string;
  rows: number;
  deliveryTag: string;
  /** ISO time kombu delivered it (the `unacked_index` score); absent when the index lost it. */
  deliveredAt?: string;
}

export interface SettleRecord {
  /** Ids missing on the first read. */
  missing: string[];
  /** Of those, the ids a re-read found (finished, queued or unacked); the rest are gone. */
  found: string[];
  reads: number;
  ms: number;
}

export interface LedgerEntry {
  id: string;
  rows: number;
  source: string;
  acceptedAt: string;
  ready: boolean;
}

export interface WebView {
  reachable: boolean;
  error?: string;
  /** HTTP status of GET / and GET /dashboard. */
  rootStatus?: number;
  dashboardStatus?: number;
  /** Responses the web has sent since it started, by status code. */
  responses?: Record<string, number>;
  ledger?: LedgerEntry[];
}

/** One sample of the drain: queue depth and finished exports at a moment. */
export interface DrainSample {
  at: number;
  queueDepth: number;
  ready: number;
  /** The worker's State.Status, 'missing' when Docker has no such container; absent when Docker could not be read. */
  workerStatus?: string;
  /** Jobs in \`unacked\` delivered since the running worker last started: what it has in hand (-1 unreadable). */
  inHand?: number;
  /** The worker's RestartCount at the sample (a restart policy's restarts show here, not as a stop). */
  restartCount?: number;
}

/** Everything `check` knows, observed once. The checks judge it and nothing else. */
export interface Snapshot {
  takenAt: string;
  containers: Record<ContainerName, ContainerView>;
  workerEvents: WorkerEvent[];
  broker: BrokerView;
  web: WebView;
  /** Samples taken over the drain window, oldest first (empty when no window was needed). */
  drain: DrainSample[];
}
