import { join } from 'node:path';
import { z } from 'zod';
import { LabError } from '../errors.js';
import { statePaths } from '../project/paths.js';
import { readStateFile, writeStateFile } from './state-dir.js';

/**
 * The hints a learner has been given, kept next to the baseline. The record names the outage it
 * belongs to (the baseline's createdAt), so `up` and `reset`, which record a new outage, start a
 * fresh one without anyone deleting the file: a record for another outage reads as empty.
 */
export const hintUseSchema = z.object({
  at: z.string(),
  situation: z.string(),
  level: z.number().int().min(1).max(3),
});
export type HintUse = z.infer<typeof hintUseSchema>;

const recordSchema = z.object({
  kind: z.literal('async-outage-lab/hints'),
  version: z.literal(1),
  outageCreatedAt: z.string(),
  used: z.array(hintUseSchema),
});

export const hintRecordPath = (dir = statePaths().dir) => join(dir, 'hints.json');

/** The hints given during the outage that began at `outageCreatedAt`; none for a missing, foreign or broken file. */
export function readHintsUsed(outageCreatedAt: string, path = hintRecordPath()): HintUse[] {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(readStateFile(path)));
    return parsed.success && parsed.data.outageCreatedAt === outageCreatedAt ? parsed.data.used : [];
  } catch (error) {
    if (error instanceof LabError) throw error; // a link or someone else's file
    return [];
  }
}

/** Appends one hint to the record of this outage (atomically: temp file + rename). Returns the record's hints. */
export function recordHintUsed(outageCreatedAt: string, use: HintUse, path = hintRecordPath()): HintUse[] {
  const used = [...readHintsUsed(outageCreatedAt, path), use];
  writeStateFile(path, `${JSON.stringify({ kind: 'async-outage-lab/hints', version: 1, outageCreatedAt, used }, null, 2)}\n`);
  return used;
}

/** How many hints were given in each situation. */
export function askedBySituation(used: readonly HintUse[]): Record<string, number> {
  const asked: Record<string, number> = {};
  for (const use of used) asked[use.situation] = (asked[use.situation] ?? 0) + 1;
  return asked;
}
