import { z } from 'zod';
import type { Snapshot } from '../../kits/celery-redis/observe/snapshot.js';
import { buildStackReport } from '../../kits/celery-redis/report/build.js';
import { queueFigureFields, queueFigureParts, rateFigureFields, stackFigures } from '../../kits/celery-redis/report/figures.js';
import { MIB } from '../../project/names.js';
import type { ReportInput } from '../../scenario/report.js';
import { checkReportSchemaOf } from '../../scenario/report-schema.js';
import type { Baseline } from './baseline.js';
import { effectiveMemoryLimit } from './criteria/facts.js';
import { headroomNeeded } from './criteria/worker-headroom.js';

/** The stack's headline numbers with this outage's memory figures between the counts and the rate; null where the lab could not observe it. */
export const checkFiguresSchema = z.object({
  ...queueFigureFields,
  /** The memory limit the kernel enforces on the worker; "unlimited" when none, null without a worker. */
  workerLimitMiB: z.union([z.number(), z.literal('unlimited')]).nullable(),
  /** What the largest export still waiting needs (requiredLimitMiB). */
  requiredLimitMiB: z.number().int(),
  /** Rows of that export (0 when the queue is empty); null when Redis could not be read. */
  largestQueuedRows: z.number().int().nullable(),
  ...rateFigureFields,
});
export type CheckFigures = z.infer<typeof checkFiguresSchema>;

/** The object `check --json` prints for this outage: everything the human report shows, as data. */
export const checkReportSchema = checkReportSchemaOf(checkFiguresSchema);
export type CheckReport = z.infer<typeof checkReportSchema>;

/** The figures, read off the snapshot (and the baseline where Redis could not be read). */
export function checkFigures(snapshot: Snapshot, baseline: Baseline): CheckFigures {
  const { queueChangePerMinute, queueRate, ...counts } = stackFigures(snapshot);
  const worker = snapshot.containers.worker;
  const limit = worker.exists ? effectiveMemoryLimit(worker) : undefined;
  const need = headroomNeeded(snapshot, baseline);
  return {
    ...counts,
    workerLimitMiB: limit === undefined ? null : limit.bytes === undefined ? 'unlimited' : Math.round(limit.bytes / MIB),
    requiredLimitMiB: need.requiredMiB,
    largestQueuedRows: snapshot.broker.reachable && snapshot.broker.queuedRows ? need.rows : null,
    queueChangePerMinute,
    queueRate,
  };
}

/** Assembles the report from the verdicts `check` judged and the grade they add up to. Pure. */
export function buildCheckReport(input: ReportInput<Snapshot, Baseline>): CheckReport {
  return buildStackReport(input, checkFigures(input.snapshot, input.baseline));
}

/** The figures under the report; the worker's limit and what the backlog needs only once they give nothing away. */
export function figuresLine(report: CheckReport, showLimits: boolean): string {
  const f = report.figures;
  const limit = f.workerLimitMiB === null ? 'no worker' : f.workerLimitMiB === 'unlimited' ? 'no memory limit' : `limit ${f.workerLimitMiB} MiB`;
  const worker = showLimits ? `worker ${f.workerStatus}, ${limit} (largest waiting export needs ${f.requiredLimitMiB} MiB)` : `worker ${f.workerStatus}`;
  return [...queueFigureParts(f), worker].join(' · ');
}

/** Words that give this outage's cause or fix away. */
export const SPOILER = /\b(oom\w*|out of memory|memory|mi?b|gi?b|limits?|kernel|kill(ed|s)?|cgroups?|headroom|rows|--memory\S*)\b/i;
