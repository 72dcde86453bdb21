import { z } from 'zod';
import { exitedWorkerBaselineSchema } from '../../kits/celery-redis/baseline.js';

/**
 * What `up` records once the crash loop is confirmed: the shared stack's baseline (web, redis,
 * the worker's first death, the seeded backlog, whose in-flight export is the poison one) and
 * the poison export itself, as Redis held it.
 */
export const poisonBaselineSchema = exitedWorkerBaselineSchema.extend({
  poison: z.object({
    id: z.string(),
    /** The message body (base64 of args, kwargs, embed) as the web queued it: a quarantined copy must carry it unchanged. */
    body: z.string().min(1),
    /** Deaths (exit 139) and the worker's RestartCount when the outage was handed over. */
    deathsAtHandover: z.number().int(),
    restartCountAtHandover: z.number().int(),
    /** How the worker is set to restart (`unless-stopped`), and the visibility timeout it runs with. */
    restartPolicy: z.string(),
    visibilityTimeoutS: z.number(),
  }),
});
export type PoisonBaseline = z.infer<typeof poisonBaselineSchema>;
