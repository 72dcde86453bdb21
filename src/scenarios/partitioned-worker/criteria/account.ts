import type { LedgerEntry, UnackedJob } from '../../worker-oom/observe/snapshot.js';
import type { Baseline } from '../baseline.js';
import { VISIBILITY_TIMEOUT_S } from '../figures.js';
import type { Snapshot } from '../observe/snapshot.js';

/**
 * Who holds a job in `unacked`: the worker as it was when it was cut off (delivered before the
 * cut: it cannot be acknowledged on the dead connection, and kombu returns it to the queue after
 * the visibility timeout), or a worker connected since (in its hands now).
 */
export type Holder = 'cut' | 'current';

export interface ParkedExport {
  entry: LedgerEntry;
  job: UnackedJob;
  holder: Holder;
  /** When kombu puts it back on the queue: delivery + visibility timeout (absent: delivery time unknown). */
  returnsAt?: string;
}

/** Where every export the web accepted is, by id. One account serves every criterion. */
export interface ExportAccount {
  /** Ledger exports accepted before Redis was read: the ones this snapshot can account for. */
  judged: LedgerEntry[];
  /** Accepted after Redis was read: left for the next check. */
  tooNew: number;
  finished: LedgerEntry[];
  waiting: LedgerEntry[];
  parked: ParkedExport[];
  /** In neither place, not finished, after re-reading: thrown away. */
  gone: LedgerEntry[];
  /** Ids a re-read found after the first read missed them. */
  settled: string[];
}

const heldBy = (job: UnackedJob, baseline: Baseline): Holder =>
  baseline.backlog.heldIds.includes(job.exportId) || (job.deliveredAt !== undefined && Date.parse(job.deliveredAt) <= Date.parse(baseline.worker.partitionedAt)) ? 'cut' : 'current';

/**
 * The account: every ledger export accepted before Redis was read is finished, waiting in the
 * queue, parked in `unacked` (by the cut worker, or in a connected worker's hands), or gone. No
 * slack: one missing export is gone. Pure.
 */
export function accountExports(snapshot: Snapshot, baseline: Baseline): ExportAccount {
  const ledger = snapshot.web.reachable ? (snapshot.web.ledger ?? []) : [];
  const readAt = snapshot.broker.readAt;
  const judged = readAt ? ledger.filter((entry) => Date.parse(entry.acceptedAt) <= Date.parse(readAt)) : ledger;
  const queued = new Set(snapshot.broker.queuedIds ?? []);
  const unacked = new Map((snapshot.broker.unacked ?? []).map((job) => [job.exportId, job]));
  const account: ExportAccount = { judged, tooNew: ledger.length - judged.length, finished: [], waiting: [], parked: [], gone: [], settled: snapshot.broker.settle?.found ?? [] };
  for (const entry of judged) {
    const job = unacked.get(entry.id);
    if (entry.ready) account.finished.push(entry);
    else if (job) {
      const returnsAt = job.deliveredAt ? new Date(Date.parse(job.deliveredAt) + VISIBILITY_TIMEOUT_S * 1000).toISOString() : undefined;
      account.parked.push({ entry, job, holder: heldBy(job, baseline), ...(returnsAt ? { returnsAt } : {}) });
    } else if (queued.has(entry.id)) account.waiting.push(entry);
    else account.gone.push(entry);
  }
  return account;
}

/** The exports `unacked` holds for one kind of holder. */
export const parkedBy = (account: ExportAccount, holder: Holder) => account.parked.filter((item) => item.holder === holder);
