import type { StackBaseline as Baseline } from '../baseline.js';
import { VISIBILITY_TIMEOUT_S } from '../figures.js';
import { type Delivery, deliveryOf } from '../observe/runs.js';
import type { LedgerEntry, Snapshot, UnackedJob, WorkerEvent } from '../observe/snapshot.js';
import { later } from '../wording.js';

export type { Delivery } from '../observe/runs.js';

export interface ParkedExport {
  entry: LedgerEntry;
  job: UnackedJob;
  delivery: Delivery;
  /** When kombu puts it back on the queue: delivery + visibility timeout (absent: delivery time unknown). */
  returnsAt?: string;
  /** For an ended run: how that run ended, from the first die event after the delivery. */
  endedBy?: WorkerEvent;
  /** For an ended run: the kernel's OOM killer ended it (an oom event between delivery and die). */
  oomKilled?: boolean;
}

/** Where every export the web accepted is, by id. One account serves every criterion. */
export interface ExportAccount {
  /** Ledger exports accepted before Redis was read: the ones this snapshot can account for. */
  judged: LedgerEntry[];
  /** Accepted after Redis was read: left for the next check. */
  tooNew: number;
  finished: LedgerEntry[];
  /** In the celery queue. */
  waiting: LedgerEntry[];
  /** In `unacked`, by delivery. */
  parked: ParkedExport[];
  /** In neither place, not finished, after re-reading: thrown away. */
  gone: LedgerEntry[];
  /** The outage's in-flight export, gone, where the baseline recorded that the kill lost it. */
  lostToOutage?: LedgerEntry;
  /** Ids of the exports a re-read found after the first read missed them. */
  settled: string[];
}

/** The parked exports one kind of delivery put there. */
export const parkedBy = (parked: ParkedExport[], delivery: Delivery) => parked.filter((item) => item.delivery === delivery);

/** When the running worker's current run began (undefined: no worker runs now, as while Docker, which calls it Running then, waits out its restart back-off). */
function currentRunStart(snapshot: Snapshot): string | undefined {
  const worker = snapshot.containers.worker;
  return worker.exists && worker.running && worker.status !== 'restarting' ? worker.startedAt : undefined;
}

/** Classifies one `unacked` job by the run of the worker it was delivered to. */
function parkedFor(entry: LedgerEntry, job: UnackedJob, snapshot: Snapshot, baseline: Baseline): ParkedExport {
  const returnsAt = job.deliveredAt ? new Date(Date.parse(job.deliveredAt) + VISIBILITY_TIMEOUT_S * 1000).toISOString() : undefined;
  const base = { entry, job, ...(returnsAt ? { returnsAt } : {}) };
  const delivered = job.deliveredAt;
  const delivery = deliveryOf(delivered, baseline.worker.finishedAt, currentRunStart(snapshot));
  if (delivery !== 'ended-run') return { ...base, delivery };
  const endedBy = delivered === undefined ? undefined : snapshot.workerEvents.find((event) => event.action === 'die' && later(event.time, delivered));
  if (!endedBy || delivered === undefined) return { ...base, delivery: 'ended-run' };
  const oomKilled = snapshot.workerEvents.some((event) => event.action === 'oom' && later(event.time, delivered) && !later(event.time, endedBy.time));
  return { ...base, delivery: 'ended-run', endedBy, oomKilled };
}

/**
 * The account: every ledger export accepted before Redis was read is finished, waiting,
 * parked in `unacked` under one delivery, or gone. No slack: one missing export is gone, unless
 * it is the outage's own in-flight export and the baseline recorded that the kill lost it. Pure.
 */
export function accountExports(snapshot: Snapshot, baseline: Baseline): ExportAccount {
  const ledger = snapshot.web.reachable ? (snapshot.web.ledger ?? []) : [];
  const readAt = snapshot.broker.readAt;
  const judged = readAt ? ledger.filter((entry) => !later(entry.acceptedAt, readAt)) : ledger;
  const held = new Set(snapshot.broker.queuedIds ?? []);
  const unacked = new Map((snapshot.broker.unacked ?? []).map((job) => [job.exportId, job]));
  const account: ExportAccount = {
    judged,
    tooNew: ledger.length - judged.length,
    finished: [],
    waiting: [],
    parked: [],
    gone: [],
    settled: snapshot.broker.settle?.found ?? [],
  };
  for (const entry of judged) {
    const job = unacked.get(entry.id);
    if (entry.ready) account.finished.push(entry);
    else if (job) account.parked.push(parkedFor(entry, job, snapshot, baseline));
    else if (held.has(entry.id)) account.waiting.push(entry);
    else if (entry.id === baseline.backlog.inFlightId && baseline.backlog.inFlightLostAtOutage) account.lostToOutage = entry;
    else account.gone.push(entry);
  }
  return account;
}

/** The exports the worker that runs now holds in its hands. */
export const inCurrentHands = (account: ExportAccount) => parkedBy(account.parked, 'current');
