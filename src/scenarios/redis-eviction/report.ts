import type { CheckReportView, ReportInput } from '../../scenario/report.js';
import type { Baseline } from './baseline.js';
import { accountExports } from './criteria/account.js';
import { judge } from './criteria/index.js';
import type { Snapshot } from './observe/snapshot.js';

/** The headline numbers; null where the lab could not observe them. */
export interface EvictionFigures {
  queueDepth: number | null;
  accepted: number | null;
  finished: number | null;
  /** Accepted exports held nowhere (after re-reads). */
  missing: number | null;
  evictedKeys: number | null;
  usedMemory: number | null;
  maxmemory: number | null;
  policy: string | null;
  workerStatus: string;
}

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

/** Judges (unless given verdicts) and assembles the report. Pure. */
export function buildEvictionReport(input: ReportInput<Snapshot, Baseline>): EvictionReport {
  const criteria = input.verdicts ?? judge(input.snapshot, input.baseline, input.context);
  const passed = criteria.filter((criterion) => criterion.passed).length;
  const solved = criteria.length > 0 && passed === criteria.length;
  const statement = input.context.statement ?? input.baseline.statement;
  return {
    kind: 'async-outage-lab/check',
    version: 1,
    solved,
    exitCode: solved ? 0 : 1,
    takenAt: input.snapshot.takenAt,
    waited: input.context.waited,
    passed,
    total: criteria.length,
    criteria,
    transcript: input.transcript ?? [],
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
