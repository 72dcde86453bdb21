import type { BrokerView, LedgerEntry, WebView } from './snapshot.js';

/** How long a missing export is read again before it is called gone, and how often. */
export const SETTLE_TIMEOUT_MS = 3000;
export const SETTLE_INTERVAL_MS = 100;

/**
 * Ledger exports accepted before Redis was read, not finished, and in neither the queue nor
 * `unacked`. Only a few milliseconds can put a job there honestly: kombu BRPOPs it off the list
 * and writes it to `unacked` in a second round trip, and the web records an export just before
 * it pushes it.
 */
export function missingIds(broker: BrokerView, ledger: LedgerEntry[]): string[] {
  const held = new Set(broker.queuedIds ?? []);
  return ledger.filter((entry) => !entry.ready && !held.has(entry.id) && !acceptedAfter(entry, broker.readAt)).map((entry) => entry.id);
}

const acceptedAfter = (entry: LedgerEntry, readAt: string | undefined) => readAt !== undefined && Date.parse(entry.acceptedAt) > Date.parse(readAt);

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads Redis and the ledger again while any export is missing, up to `timeoutMs` (by default
 * SETTLE_TIMEOUT_MS, what a grade waits). The
 * first reading stands; each id a later reading finds (finished, queued or unacked) is merged
 * into it with where it was found. What no reading finds stays missing: the criteria call it gone.
 */
export async function settleMissing(
  broker: BrokerView,
  web: WebView,
  rereadBroker: () => Promise<BrokerView>,
  rereadWeb: () => Promise<WebView>,
  timeoutMs: number = SETTLE_TIMEOUT_MS,
): Promise<{ broker: BrokerView; web: WebView }> {
  const missing = missingIds(broker, web.ledger ?? []);
  if (missing.length === 0) return { broker, web };
  const started = Date.now();
  const found = new Set<string>();
  const queuedIds = new Set(broker.queuedIds ?? []);
  const queuedRows = { ...broker.queuedRows };
  const unacked = [...(broker.unacked ?? [])];
  const ledger = (web.ledger ?? []).map((entry) => ({ ...entry }));
  const byId = new Map(ledger.map((entry) => [entry.id, entry]));
  let reads = 0;
  while (found.size < missing.length && Date.now() - started < timeoutMs) {
    await pause(SETTLE_INTERVAL_MS);
    reads++;
    // Broker before ledger again: a job finished between the two reads is then seen finished.
    const [again, web2] = [await rereadBroker(), await rereadWeb()];
    const held = new Set(again.reachable ? (again.queuedIds ?? []) : []);
    const ready = new Set((web2.reachable ? (web2.ledger ?? []) : []).filter((entry) => entry.ready).map((entry) => entry.id));
    for (const id of missing) {
      if (found.has(id)) continue;
      if (ready.has(id)) {
        found.add(id);
        const entry = byId.get(id);
        if (entry) entry.ready = true;
      } else if (held.has(id)) {
        found.add(id);
        queuedIds.add(id);
        queuedRows[id] = again.queuedRows?.[id] ?? 0;
        const job = again.unacked?.find((candidate) => candidate.exportId === id);
        if (job) unacked.push(job);
      }
    }
  }
  return {
    broker: { ...broker, queuedIds: [...queuedIds], queuedRows, unacked, settle: { missing, found: [...found], reads, ms: Date.now() - started } },
    web: { ...web, ledger },
  };
}
