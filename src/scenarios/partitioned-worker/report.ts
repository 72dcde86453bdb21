import { z } from 'zod';
import { queueRate, queueRateSchema } from '../../checks/queue-rate.js';
import type { CheckReportView, ReportInput } from '../../scenario/report.js';
import type { Baseline } from './baseline.js';
import type { Snapshot } from './observe/snapshot.js';

/** The headline numbers: null where the lab could not observe it. */
export const partitionFiguresSchema = z.object({
  queueDepth: z.number().int().nullable(),
  accepted: z.number().int().nullable(),
  ready: z.number().int().nullable(),
  workerStatus: z.string(),
  /** The networks the worker is attached to (null: no worker, or not read). */
  workerNetworks: z.array(z.string()).nullable(),
  /** Celery workers heard on the broker during the check (null: the broker could not be read). */
  liveConsumers: z.array(z.string()).nullable(),
  queueRate: queueRateSchema.nullable(),
});
export type PartitionFigures = z.infer<typeof partitionFiguresSchema>;

/** The object `check --json` prints for this outage. */
export interface CheckReport extends CheckReportView {
  kind: 'async-outage-lab/check';
  version: 1;
  takenAt: string;
  waited: boolean;
  figures: PartitionFigures;
}

function figuresOf(snapshot: Snapshot): PartitionFigures {
  const worker = snapshot.containers.worker;
  const ledger = snapshot.web.reachable ? snapshot.web.ledger : undefined;
  const last = snapshot.drain.filter((sample) => sample.queueDepth >= 0).at(-1);
  return {
    queueDepth: last?.queueDepth ?? (snapshot.broker.reachable ? (snapshot.broker.queueDepth ?? null) : null),
    accepted: ledger ? ledger.length : null,
    ready: ledger ? ledger.filter((entry) => entry.ready).length : null,
    workerStatus: worker.exists ? (worker.status ?? 'unknown') : 'missing',
    workerNetworks: worker.networks ? Object.keys(worker.networks) : null,
    liveConsumers: snapshot.consumers.heard ?? null,
    queueRate: queueRate(snapshot.drain),
  };
}

/** Assembles the report from the verdicts `check` judged and the grade they add up to. Pure. */
export function buildCheckReport(input: ReportInput<Snapshot, Baseline>): CheckReport {
  const statement = input.context.statement ?? input.baseline.statement;
  const report: CheckReport = {
    kind: 'async-outage-lab/check',
    version: 1,
    ...input.grade,
    takenAt: input.snapshot.takenAt,
    waited: input.context.waited,
    criteria: input.verdicts,
    transcript: input.transcript,
    figures: figuresOf(input.snapshot),
  };
  if (statement) report.statement = { component: statement.component, cause: statement.cause };
  if (input.hintsUsed?.length) report.hintsUsed = input.hintsUsed;
  return report;
}

/** The figures under the report; the worker's networks only once they give nothing away. */
export function figuresLine(report: CheckReport, showNetworks: boolean): string {
  const f = report.figures;
  const n = (value: number | null) => (value === null ? '?' : value.toLocaleString('en-US'));
  const consumers = f.liveConsumers === null ? 'live consumers unknown' : `${f.liveConsumers.length} live consumer${f.liveConsumers.length === 1 ? '' : 's'}`;
  const networks = showNetworks && f.workerNetworks ? `, networks: ${f.workerNetworks.join(', ') || 'none'}` : '';
  return [
    `queue ${n(f.queueDepth)}${f.queueRate ? `, ${f.queueRate.text}` : ''}`,
    `finished ${n(f.ready)} of ${n(f.accepted)} accepted`,
    `worker ${f.workerStatus}${networks}, ${consumers}`,
  ].join(' · ');
}

/** Words that give this outage's cause or fix away before the learner states it. */
export const SPOILER = /\b(networks?|disconnect\w*|partition\w*|attached|detached|cut off|network connect|(un)?reach(able)?)\b/i;
