import { accountExports, type ExportAccount } from '../../kits/celery-redis/account/account.js';
import type { LedgerEntry } from '../../kits/celery-redis/observe/snapshot.js';
import type { PoisonBaseline } from './baseline.js';
import type { HeldCopy } from './quarantine.js';
import type { PoisonSnapshot } from './snapshot.js';

export interface QuarantinedExport {
  entry: LedgerEntry;
  copy: HeldCopy;
}

/**
 * The shared account of every accepted export, with one more place an export may be: put aside,
 * in a key that is neither the queue nor `unacked`, its message body intact. An export whose only
 * copy outside those places carries a different body was damaged on the way: it counts as gone.
 */
export interface PoisonAccount extends ExportAccount {
  quarantined: QuarantinedExport[];
  /** Found only as copies whose body differs from the one queued (known for the poison export). */
  damaged: Array<{ entry: LedgerEntry; copies: HeldCopy[] }>;
}

/** Is this copy the export's message as queued? The poison's body is known byte for byte; any other must at least name the export and its rows. */
function intact(copy: HeldCopy, entry: LedgerEntry, baseline: PoisonBaseline): boolean {
  if (entry.id === baseline.poison.id) return copy.body === baseline.poison.body;
  try {
    const [args, kwargs] = JSON.parse(Buffer.from(copy.body, 'base64').toString('utf8')) as [unknown[], Record<string, unknown>];
    return args[0] === entry.id && kwargs.rows === entry.rows;
  } catch {
    return false;
  }
}

/** Pure: the shared account, then each export it calls gone looked for among the copies put aside. */
export function accountPoison(snapshot: PoisonSnapshot, baseline: PoisonBaseline): PoisonAccount {
  const account = accountExports(snapshot, baseline);
  const copies = snapshot.quarantine.reachable ? snapshot.quarantine.copies : [];
  const gone: LedgerEntry[] = [];
  const quarantined: QuarantinedExport[] = [];
  const damaged: PoisonAccount['damaged'] = [];
  for (const entry of account.gone) {
    const mine = copies.filter((copy) => copy.exportId === entry.id);
    const good = mine.find((copy) => intact(copy, entry, baseline));
    if (good) quarantined.push({ entry, copy: good });
    else {
      gone.push(entry);
      if (mine.length > 0) damaged.push({ entry, copies: mine });
    }
  }
  return { ...account, gone, quarantined, damaged };
}
