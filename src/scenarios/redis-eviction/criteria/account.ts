import { count as n } from '../../../kits/celery-redis/wording.js';
import type { Baseline } from '../baseline.js';
import type { LedgerEntry, Snapshot } from '../observe/snapshot.js';

/** Where every export the web accepted is, by id: one account serves every criterion. */
export interface ExportAccount {
  /** Accepted before Redis was read: the ones this snapshot can account for. */
  judged: LedgerEntry[];
  /** Accepted after Redis was read: left for the next check. */
  tooNew: number;
  finished: LedgerEntry[];
  waiting: LedgerEntry[];
  /** In kombu's `unacked`: in a worker's hands, or left there by one. */
  unacked: LedgerEntry[];
  /** In no place, after the re-reads: the busy hour's evictions (lost at the hand-over) and any since. */
  gone: LedgerEntry[];
  goneSinceHandover: LedgerEntry[];
  /** Ids found only on a re-read (in transit between the queue and `unacked`). */
  settled: string[];
}

const later = (a: string, b: string) => Date.parse(a) > Date.parse(b);

/** The exact account: no slack, one missing export is gone. Pure. */
export function accountExports(snapshot: Snapshot, baseline: Baseline): ExportAccount {
  const ledger = snapshot.web.reachable ? (snapshot.web.ledger ?? []) : [];
  const readAt = snapshot.broker.readAt;
  const judged = readAt ? ledger.filter((entry) => !later(entry.acceptedAt, readAt)) : ledger;
  const held = new Set(snapshot.broker.queuedIds ?? []);
  const unacked = new Set((snapshot.broker.unacked ?? []).map((job) => job.exportId));
  const lostAtHandover = new Set(baseline.busyHour.lostIds);
  const account: ExportAccount = {
    judged,
    tooNew: ledger.length - judged.length,
    finished: [],
    waiting: [],
    unacked: [],
    gone: [],
    goneSinceHandover: [],
    settled: snapshot.broker.settle?.found ?? [],
  };
  for (const entry of judged) {
    if (entry.ready) account.finished.push(entry);
    else if (unacked.has(entry.id)) account.unacked.push(entry);
    else if (held.has(entry.id)) account.waiting.push(entry);
    else {
      account.gone.push(entry);
      if (!lostAtHandover.has(entry.id)) account.goneSinceHandover.push(entry);
    }
  }
  return account;
}

/** The account in one line. */
export const accountLine = (account: ExportAccount) =>
  `${n(account.finished.length)} finished, ${n(account.waiting.length)} waiting, ${n(account.unacked.length)} in \`unacked\`, ${n(account.gone.length)} nowhere`;

/** A few ids, shortened, for evidence lines. */
export const someIds = (entries: readonly LedgerEntry[], limit = 3) =>
  entries
    .slice(0, limit)
    .map((entry) => `${entry.id.slice(0, 8)}…`)
    .join(', ') + (entries.length > limit ? ', …' : '');
