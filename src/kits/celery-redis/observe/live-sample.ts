import type { ContainerName } from '../figures.js';
import type { Delivery, StartsSinceUp } from './runs.js';

/**
 * One reading of the lab for `status`: what the containers, the queue and the web show at one
 * moment. A series of these is what the signals are judged on (status/signals.ts).
 */
export interface LiveContainer {
  name: ContainerName;
  exists: boolean;
  /** The container's id: the events of this container, not of one removed before it, are its starts. */
  id?: string;
  status?: string;
  running?: boolean;
  exitCode?: number;
  oomKilled?: boolean;
  startedAt?: string;
  restartCount?: number;
  /** Starts since `up`, as `check` counts them (observe/runs.ts). */
  startsSinceUp?: StartsSinceUp;
  /** Memory in use (as `docker stats` counts it); running containers only. */
  memoryUsedBytes?: number;
  /** HostConfig.Memory: 0 means no limit. */
  memoryLimitBytes?: number;
}

export interface LiveBroker {
  reachable: boolean;
  error?: string;
  queueDepth?: number;
  unackedCount?: number;
  /** `unacked` by the delivery that put each job there, as `check` sorts them (observe/runs.ts). */
  unackedBy?: Record<Delivery, number>;
  /** The export id at the consuming end of the queue (next out, waiting longest); null when empty or not an export. */
  oldestExportId?: string | null;
  /** Worker hostnames heard on the heartbeat channel within the last `heartbeatWindowMs`. */
  consumers?: string[];
  /** How long the heartbeat subscription has listened so far (a young one has heard less). */
  listenedMs?: number;
}

export interface LiveWeb {
  reachable: boolean;
  error?: string;
  accepted?: number;
  finished?: number;
  /** 202 responses since the web started (from the ledger reply's tally). */
  accepted202?: number;
  /**
   * When the web accepted the oldest waiting export (the ledger's acceptedAt of the broker's
   * oldestExportId): its age is how long the longest-waiting customer has waited.
   */
  oldestAcceptedAt?: string | null;
}

export interface LiveSample {
  /** When the sample was taken (ms since the epoch). */
  at: number;
  containers: Record<ContainerName, LiveContainer>;
  broker: LiveBroker;
  web: LiveWeb;
}
