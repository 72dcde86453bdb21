import type { Redis } from 'ioredis';
import { enqueueEach } from '../../broker/enqueue-each.js';
import { readBrokerFacts } from '../../broker/redis.js';
import { listReadyIds } from '../export-files.js';
import type { ExportRecord } from '../ledger.js';
import { planRedrive, type RedrivePlan, type Whereabouts } from './plan.js';

export interface RedriveOptions {
  /** Report only: queue nothing. */
  dryRun: boolean;
  /** How long an export missing from the first reading is read again before it counts as missing. */
  settleMs: number;
  intervalMs: number;
}

export interface RedriveOutcome {
  plan: RedrivePlan;
  readings: number;
  settledMs: number;
  /** Re-queued now (none on a dry run). */
  queued: string[];
  /** Refused by Redis, with its first error. */
  refused: string[];
  firstError?: string;
}

/** Where every export is now: finished CSVs first, then Redis (a job finished in between is then seen finished). */
export async function readWhereabouts(redis: Redis, exportsDir: string): Promise<Whereabouts> {
  const finished = await listReadyIds(exportsDir);
  const facts = await readBrokerFacts(redis);
  const unacked = new Set(facts.unacked.map((job) => job.exportId));
  return { finished, unacked, queued: new Set(Object.keys(facts.queued).filter((id) => !unacked.has(id))) };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Pushes the missing exports again (one LPUSH each): one Redis refuses is reported, the others stand. */
async function requeue(redis: Redis, records: readonly ExportRecord[], origin: string): Promise<{ queued: string[]; refused: string[]; firstError?: string }> {
  const outcomes = await enqueueEach(
    redis,
    records.map((record) => ({ exportId: record.id, rows: record.rows, report: record.report })),
    origin,
  );
  const firstError = outcomes.find(Boolean)?.message;
  return {
    queued: records.filter((_, i) => !outcomes[i]).map((record) => record.id),
    refused: records.filter((_, i) => outcomes[i]).map((record) => record.id),
    ...(firstError ? { firstError } : {}),
  };
}

/**
 * The operator's re-drive: reads where every accepted export is, reads again while any is
 * missing (up to `settleMs`), and queues again exactly the ones no reading found. Queued and
 * unacked exports are left alone, so a second run right after the first queues nothing.
 */
export async function redrive(
  input: { ledger: readonly ExportRecord[]; redis: Redis; exportsDir: string; origin: string },
  options: RedriveOptions,
): Promise<RedriveOutcome> {
  const started = Date.now();
  const readings: Whereabouts[] = [await readWhereabouts(input.redis, input.exportsDir)];
  let plan = planRedrive(input.ledger, readings);
  while (plan.missing.length > 0 && Date.now() - started + options.intervalMs <= options.settleMs) {
    await pause(options.intervalMs);
    readings.push(await readWhereabouts(input.redis, input.exportsDir));
    plan = planRedrive(input.ledger, readings);
  }
  const settledMs = Date.now() - started;
  if (options.dryRun || plan.missing.length === 0) return { plan, readings: readings.length, settledMs, queued: [], refused: [] };
  return { plan, readings: readings.length, settledMs, ...(await requeue(input.redis, plan.missing, input.origin)) };
}
