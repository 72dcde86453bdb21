import { z } from 'zod';
import { queueRate, queueRateSchema } from '../../../checks/queue-rate.js';
import { stoppedDuringCheck } from '../criteria/facts.js';
import type { Snapshot } from '../observe/snapshot.js';

/** What waits, what finished and the worker's state: the figures every outage of the stack reports first. */
export const queueFigureFields = {
  /** Jobs in the celery queue(s) when Redis was read. */
  queueDepth: z.number().int().nullable(),
  /** Exports the web has accepted (the ledger's length). */
  accepted: z.number().int().nullable(),
  /** Exports whose CSV exists. */
  ready: z.number().int().nullable(),
  /** The worker's State.Status, or "missing". */
  workerStatus: z.string(),
};

/** How the queue moved over the drain window: the figures every outage of the stack reports last. */
export const rateFigureFields = {
  /** Queue depth change per minute over the last RATE_WINDOW_MS of the drain window (negative: draining); null without two readings. */
  queueChangePerMinute: z.number().nullable(),
  /** The same movement in words, with its window ("draining at 90/s over the last 10 s"); null without two readings. */
  queueRate: queueRateSchema.nullable().optional(),
};

/** The stack's headline numbers, for dashboards and CI logs; null where the lab could not observe it. */
export const stackFiguresSchema = z.object({ ...queueFigureFields, ...rateFigureFields });
export type StackFigures = z.infer<typeof stackFiguresSchema>;

/** The stack's figures, read off the snapshot. Pure. */
export function stackFigures(snapshot: Snapshot): StackFigures {
  const worker = snapshot.containers.worker;
  const last = snapshot.drain.filter((sample) => sample.queueDepth >= 0).at(-1);
  const rate = queueRate(snapshot.drain);
  // Inspected running, then seen stopped by the drain window: the later reading is the one to show.
  const stopped = stoppedDuringCheck(worker, snapshot.drain);
  const ledger = snapshot.web.reachable ? snapshot.web.ledger : undefined;
  const depth = last?.queueDepth ?? (snapshot.broker.reachable ? snapshot.broker.queueDepth : undefined);
  return {
    queueDepth: depth ?? null,
    accepted: ledger ? ledger.length : null,
    ready: ledger ? ledger.filter((entry) => entry.ready).length : null,
    workerStatus: stopped ? `${stopped} (during this check)` : worker.exists ? (worker.status ?? 'unknown') : 'missing',
    queueChangePerMinute: rate ? rate.perMinute : null,
    queueRate: rate,
  };
}

const figure = (value: number | null) => (value === null ? '?' : value.toLocaleString('en-US'));

/** The queue and what finished, as the figures line under a report opens. */
export function queueFigureParts(f: StackFigures): [string, string] {
  return [`queue ${figure(f.queueDepth)}${f.queueRate ? `, ${f.queueRate.text}` : ''}`, `finished ${figure(f.ready)} of ${figure(f.accepted)} accepted`];
}

/** The figures under the report: the queue, what finished, the worker's state. */
export function stackFiguresLine(report: { figures: StackFigures }): string {
  return [...queueFigureParts(report.figures), `worker ${report.figures.workerStatus}`].join(' · ');
}
