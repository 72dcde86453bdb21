import { performance } from 'node:perf_hooks';
import type { ExportTask } from '../broker/envelope.js';
import { HttpError } from './http-error.js';
import type { ExportRecord, Ledger } from './ledger.js';

/** 'behind' joins the end of the line; 'ahead' is taken before anything already queued. */
export type QueuePlacement = 'behind' | 'ahead';
export type Enqueue = (tasks: ExportTask[], placement: QueuePlacement) => Promise<void>;

export interface AcceptDeps {
  ledger: Ledger;
  enqueue: Enqueue;
  now: () => Date;
  enqueueTimeoutMs: number;
  log: (line: string) => void;
}

export interface AcceptTimings {
  ledgerMs: number;
  enqueueMs: number;
}

const TIMED_OUT = Symbol('timed out');

async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const brokerDown = (message: string) => new HttpError(503, 'queue_unavailable', message, { 'retry-after': '5' });

/**
 * Records exports in the ledger first, then queues them. In that order the ledger always holds
 * every queued export, even if the web dies in between. When the queue refuses them, they are
 * withdrawn from the ledger again; when it does not answer in time the outcome is unknown, so
 * they stay recorded.
 */
export async function acceptExports(deps: AcceptDeps, records: ExportRecord[], placement: QueuePlacement): Promise<AcceptTimings> {
  const started = performance.now();
  try {
    await deps.ledger.append(records);
  } catch (error) {
    deps.log(`ledger: could not record ${records.length} export(s): ${(error as Error).message}`);
    throw new HttpError(500, 'ledger_unavailable', 'The export could not be recorded, so it was not queued.');
  }
  const recorded = performance.now();
  const tasks = records.map((record) => ({
    exportId: record.id,
    rows: record.rows,
    report: record.report,
    ...(record.layout === undefined ? {} : { layout: record.layout }),
  }));
  const pending = deps.enqueue(tasks, placement);
  let outcome: void | typeof TIMED_OUT;
  try {
    outcome = await within(pending, deps.enqueueTimeoutMs);
  } catch (error) {
    deps.log(`broker: could not queue ${records.length} export(s): ${(error as Error).message}`);
    await deps.ledger
      .withdraw(
        records.map((record) => record.id),
        deps.now().toISOString(),
      )
      .catch(() => undefined);
    throw brokerDown('The export queue cannot be reached right now, so the export was not accepted. Please try again shortly.');
  }
  if (outcome === TIMED_OUT) {
    pending.catch(() => undefined);
    deps.log(`broker: no answer within ${deps.enqueueTimeoutMs} ms while queueing ${records.length} export(s)`);
    throw brokerDown('The export queue did not answer in time, so the export may or may not go through. Please check the dashboard before sending it again.');
  }
  return { ledgerMs: recorded - started, enqueueMs: performance.now() - recorded };
}
