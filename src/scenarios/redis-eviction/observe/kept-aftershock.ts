import { z } from 'zod';
import { scenarioStateFile } from '../../../lab/state.js';
import { readStateFile, writeStateFile } from '../../../lab/state-dir.js';
import { type AftershockRecord, aftershockRecordSchema } from './snapshot.js';

/**
 * The last burst `check --wait` sent, kept beside the lab's state: a later plain `check` (and the
 * classroom, which grades from outside with `check`) judges by it while it still holds. It is
 * this lab's (`up`'s time), from this redis (its run_id), and what evicted_keys read after it.
 */
const keptSchema = aftershockRecordSchema.extend({ labCreatedAt: z.string(), sentAt: z.string(), runId: z.string() });
export type KeptAftershock = z.infer<typeof keptSchema>;

const FILE = 'redis-eviction-aftershock';

/** Keeps what the burst did; a file that cannot be written costs a later `check` the record, never this one. */
export function keepAftershock(record: AftershockRecord, from: { labCreatedAt: string; sentAt: string; runId: string }): void {
  try {
    writeStateFile(scenarioStateFile(FILE), `${JSON.stringify({ ...from, ...record })}\n`);
  } catch {
    // `check --wait` graded from the burst it just sent; only a later plain `check` goes without.
  }
}

/** The burst kept for this lab, if any (another lab's, or an unreadable file: none). */
export function readKeptAftershock(labCreatedAt: string): KeptAftershock | undefined {
  try {
    const kept = keptSchema.safeParse(JSON.parse(readStateFile(scenarioStateFile(FILE))));
    return kept.success && kept.data.labCreatedAt === labCreatedAt ? kept.data : undefined;
  } catch {
    return undefined;
  }
}
