import { z } from 'zod';
import { queueRate, queueRateSchema } from '../../checks/queue-rate.js';
import type { Snapshot } from '../../kits/celery-redis/observe/snapshot.js';
import { MIB } from '../../project/names.js';
import type { ReportInput } from '../../scenario/report.js';
import { checkReportSchemaOf } from '../../scenario/report-schema.js';
import type { Baseline } from './baseline.js';
import { effectiveMemoryLimit, stoppedDuringCheck } from './criteria/facts.js';
import { headroomNeeded } from './criteria/worker-headroom.js';

/** The headline numbers, for dashboards and CI logs; null where the lab could not observe it. */
export const checkFiguresSchema = z.object({
  /** Jobs in the celery queue(s) when Redis was read. */
  queueDepth: z.number().int().nullable(),
  /** Exports the web has accepted (the ledger's length). */
  accepted: z.number().int().nullable(),
  /** Exports whose CSV exists. */
  ready: z.number().int().nullable(),
  /** The worker's State.Status, or "missing". */
  workerStatus: z.string(),
  /** The memory limit the kernel enforces on the worker; "unlimited" when none, null without a worker. */
  workerLimitMiB: z.union([z.number(), z.literal('unlimited')]).nullable(),
  /** What the largest export still waiting needs (requiredLimitMiB). */
  requiredLimitMiB: z.number().int(),
  /** Rows of that export (0 when the queue is empty); null when Redis could not be read. */
  largestQueuedRows: z.number().int().nullable(),
  /** Queue depth change per minute over the last RATE_WINDOW_MS of the drain window (negative: draining); null without two readings. */
  queueChangePerMinute: z.number().nullable(),
  /** The same movement in words, with its window ("draining at 90/s over the last 10 s"); null without two readings. */
  queueRate: queueRateSchema.nullable().optional(),
});
export type CheckFigures = z.infer<typeof checkFiguresSchema>;

/** The object `check --json` prints for this outage: everything the human report shows, as data. */
export const checkReportSchema = checkReportSchemaOf(checkFiguresSchema);
export type CheckReport = z.infer<typeof checkReportSchema>;

/** The figures, read off the snapshot (and the baseline where Redis could not be read). */
export function checkFigures(snapshot: Snapshot, baseline: Baseline): CheckFigures {
  const worker = snapshot.containers.worker;
  const limit = worker.exists ? effectiveMemoryLimit(worker) : undefined;
  const need = headroomNeeded(snapshot, baseline);
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
    workerLimitMiB: limit === undefined ? null : limit.bytes === undefined ? 'unlimited' : Math.round(limit.bytes / MIB),
    requiredLimitMiB: need.requiredMiB,
    largestQueuedRows: snapshot.broker.reachable && snapshot.broker.queuedRows ? need.rows : null,
    queueChangePerMinute: rate ? rate.perMinute : null,
    queueRate: rate,
  };
}

/** Assembles the report from the verdicts `check` judged and the grade they add up to. Pure. */
export function buildCheckReport(input: ReportInput<Snapshot, Baseline>): CheckReport {
  const { verdicts: criteria, grade } = input;
  const { solved, passed, total } = grade;
  const statement = input.context.statement ?? input.baseline.statement;
  const report: CheckReport = {
    kind: 'async-outage-lab/check',
    version: 1,
    solved,
    exitCode: grade.exitCode,
    takenAt: input.snapshot.takenAt,
    waited: input.context.waited,
    passed,
    total,
    criteria,
    transcript: (input.transcript ?? []).map((entry) => {
      const ruleBreak = entry.ruleBreak;
      return ruleBreak ? { ...entry, ruleBreak } : { at: entry.at, command: entry.command, exitCode: entry.exitCode };
    }),
    figures: checkFigures(input.snapshot, input.baseline),
  };
  if (statement) report.statement = { component: statement.component, cause: statement.cause };
  if (input.hintsUsed?.length) report.hintsUsed = input.hintsUsed.map(({ at, situation, level }) => ({ at, situation, level }));
  return report;
}

/** The figures under the report; the worker's limit and what the backlog needs only once they give nothing away. */
export function figuresLine(report: CheckReport, showLimits: boolean): string {
  const f = report.figures;
  const n = (value: number | null) => (value === null ? '?' : value.toLocaleString('en-US'));
  const limit = f.workerLimitMiB === null ? 'no worker' : f.workerLimitMiB === 'unlimited' ? 'no memory limit' : `limit ${f.workerLimitMiB} MiB`;
  const parts = [
    `queue ${n(f.queueDepth)}${f.queueRate ? `, ${f.queueRate.text}` : ''}`,
    `finished ${n(f.ready)} of ${n(f.accepted)} accepted`,
    showLimits ? `worker ${f.workerStatus}, ${limit} (largest waiting export needs ${f.requiredLimitMiB} MiB)` : `worker ${f.workerStatus}`,
  ];
  return parts.join(' · ');
}

/** Words that give this outage's cause or fix away. */
export const SPOILER = /\b(oom\w*|out of memory|memory|mi?b|gi?b|limits?|kernel|kill(ed|s)?|cgroups?|headroom|rows|--memory\S*)\b/i;
