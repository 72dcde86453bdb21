import { z } from 'zod';
import type { CheckReportView, ReportInput } from '../../scenario/report.js';
import type { Baseline } from './baseline.js';
import { accountExports } from './criteria/account.js';
import type { Snapshot } from './observe/snapshot.js';

/** The headline numbers; null where the lab could not observe them. */
export const evictionFiguresSchema = z.object({
  queueDepth: z.number().int().nullable(),
  accepted: z.number().int().nullable(),
  finished: z.number().int().nullable(),
  /** Accepted exports held nowhere (after re-reads). */
  missing: z.number().int().nullable(),
  evictedKeys: z.number().int().nullable(),
  /** Redis's used_memory and maxmemory, in bytes (maxmemory 0: no limit). */
  usedMemory: z.number().int().nullable(),
  maxmemory: z.number().int().nullable(),
  policy: z.string().nullable(),
  workerStatus: z.string(),
});
export type EvictionFigures = z.infer<typeof evictionFiguresSchema>;

export interface EvictionReport extends CheckReportView {
  kind: 'async-outage-lab/check';
  version: 1;
  takenAt: string;
  waited: boolean;
  figures: EvictionFigures;
}

export function evictionFigures(snapshot: Snapshot, baseline: Baseline): EvictionFigures {
  const ledger = snapshot.web.reachable ? snapshot.web.ledger : undefined;
  const account = ledger && snapshot.broker.reachable ? accountExports(snapshot, baseline) : undefined;
  const last = snapshot.drain.filter((sample) => sample.queueDepth >= 0).at(-1);
  const memory = snapshot.memory;
  const worker = snapshot.containers.worker;
  return {
    queueDepth: last?.queueDepth ?? snapshot.broker.queueDepth ?? null,
    accepted: ledger ? ledger.length : null,
    finished: ledger ? ledger.filter((entry) => entry.ready).length : null,
    missing: account ? account.gone.length : null,
    evictedKeys: memory?.evictedKeys ?? null,
    usedMemory: memory?.usedMemory ?? null,
    maxmemory: memory?.maxmemory ?? null,
    policy: memory?.policy ?? null,
    workerStatus: worker.exists ? (worker.status ?? 'unknown') : 'missing',
  };
}

/** Assembles the report from the verdicts `check` judged and the grade they add up to. Pure. */
export function buildEvictionReport(input: ReportInput<Snapshot, Baseline>): EvictionReport {
  const statement = input.context.statement ?? input.baseline.statement;
  return {
    kind: 'async-outage-lab/check',
    version: 1,
    ...input.grade,
    takenAt: input.snapshot.takenAt,
    waited: input.context.waited,
    criteria: input.verdicts,
    transcript: input.transcript,
    figures: evictionFigures(input.snapshot, input.baseline),
    ...(statement ? { statement: { component: statement.component, cause: statement.cause } } : {}),
    ...(input.hintsUsed?.length ? { hintsUsed: input.hintsUsed } : {}),
  };
}

const n = (value: number | null) => (value === null ? '?' : value.toLocaleString('en-US'));
const mib = (bytes: number | null) => (bytes === null ? '?' : bytes === 0 ? 'no limit' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

/** The figures under the report; Redis's memory and evictions only once they give nothing away. */
export function figuresLine(report: EvictionReport, showMemory: boolean): string {
  const f = report.figures;
  const parts = [
    `queue ${n(f.queueDepth)}`,
    `finished ${n(f.finished)} of ${n(f.accepted)} accepted, ${n(f.missing)} held nowhere`,
    `worker ${f.workerStatus}`,
  ];
  if (showMemory) parts.push(`redis ${mib(f.usedMemory)} of ${mib(f.maxmemory)}, ${f.policy ?? '?'}, evicted_keys ${n(f.evictedKeys)}`);
  return parts.join(' · ');
}

/** Words that give this outage's cause or fix away. */
export const SPOILER = /\b(evict\w*|maxmemory\S*|noeviction|allkeys\S*|lru|lfu|memory|mi?b|policy|policies|cache|room|full|oom)\b/i;
