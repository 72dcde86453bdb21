import { z } from 'zod';

/**
 * What every scenario's baseline holds, whatever the outage: when it began, the lab's address, and
 * the learner's statement once given. A scenario's own schema extends these fields with its evidence.
 */
export const labBaselineFields = {
  kind: z.literal('async-outage-lab/baseline'),
  version: z.literal(1),
  /** The outage staged (its id); absent in a file written before the lab had more than one: the default. */
  scenario: z.string().optional(),
  createdAt: z.string(),
  /** The loopback port of the lab's site. */
  sitePort: z.number().int(),
  /** How often the lab's simulated traffic sends a request (ms; 0: none). */
  trafficIntervalMs: z.number().int().nonnegative(),
  labToken: z.string(),
  /** The learner's statement of the root cause, kept once given. */
  statement: z.object({ component: z.string(), cause: z.string(), at: z.string() }).optional(),
  /** The grade of the last `check`: `debrief` says resolved only from it. */
  lastCheck: z.object({ at: z.string(), solved: z.boolean(), failing: z.array(z.string()) }).optional(),
};
export const labBaselineSchema = z.object(labBaselineFields);
export type LabBaseline = z.infer<typeof labBaselineSchema>;

/** A state file with its renamed keys read under their new names (`renamed`: each new key by its earlier one); a new key already there wins. */
function renameKeys(json: unknown, renamed: Readonly<Record<string, string>>): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const result: Record<string, unknown> = { ...json };
  for (const [key, earlier] of Object.entries(renamed)) {
    if (!(earlier in result)) continue;
    if (!(key in result)) result[key] = result[earlier];
    delete result[earlier];
  }
  return result;
}

/**
 * A scenario's baseline schema that also reads the state file an earlier version wrote, whose keys
 * had other names (a lab left up across an upgrade keeps its settings); anything else it refuses as before.
 */
export const readingRenamedKeys = <T extends z.ZodType>(schema: T, renamed: Readonly<Record<string, string>>) =>
  z.preprocess((json) => renameKeys(json, renamed), schema);
