import { z } from 'zod';
import type { BrokerView, WebView } from '../../../kits/celery-redis/observe/snapshot.js';
import type { ContainerEvent, ContainerView } from '../../../observe/container-view.js';
import type { KeptAftershock } from './kept-aftershock.js';
import type { MemoryFacts } from './memory-facts.js';

export type { BrokerView, LedgerEntry, UnackedJob, WebView } from '../../../kits/celery-redis/observe/snapshot.js';
export const CONTAINERS = ['web', 'redis', 'worker'] as const;
export type ContainerName = (typeof CONTAINERS)[number];

/** One reading while the backlog drains: depth, finished exports, what Redis has evicted. */
export interface DrainSample {
  at: number;
  queueDepth: number;
  ready: number;
  /** -1: unreadable. */
  evictedKeys: number;
  usedMemory: number;
  /** The worker's State.Status ('missing': no such container); absent when Docker could not be read. */
  workerStatus?: string;
}

/** The burst `check --wait` sends once the loss looks stopped, and what Redis did with it. */
export const aftershockRecordSchema = z.object({
  sent: z.number().int(),
  /** Queued (202 from the web's burst): in the ledger and on the queue. */
  accepted: z.number().int(),
  /** Refused by Redis and answered with an error: loud, not lost. */
  refused: z.number().int(),
  firstError: z.string().optional(),
  evictedBefore: z.number().int(),
  evictedAfter: z.number().int(),
});
export type AftershockRecord = z.infer<typeof aftershockRecordSchema>;

/** Everything `check` knows, observed once; the criteria judge it and nothing else. */
export interface Snapshot {
  takenAt: string;
  containers: Record<ContainerName, ContainerView>;
  /** Docker's events for the three containers since `up` (start, kill, die, stop, restart...). */
  events: ContainerEvent[];
  broker: BrokerView;
  /** Undefined when Redis could not be read. */
  memory?: MemoryFacts;
  web: WebView;
  drain: DrainSample[];
  /** Why no aftershock was sent, or what it did. */
  aftershock?: AftershockRecord | { skipped: string };
  /** For a plain `check`: the burst the last `check --wait` of this lab sent, as it kept it. */
  keptAftershock?: KeptAftershock;
}
