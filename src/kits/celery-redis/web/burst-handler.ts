import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { mediaType, readBody } from './body.js';
import { customerRows } from './customers.js';
import type { ServiceDeps } from './deps.js';
import { HttpError } from './http-error.js';
import { checkToken } from './internal-handlers.js';
import type { ExportRecord } from './ledger.js';
import { json } from './reply.js';
import type { Handler } from './router.js';
import { parseJsonBody, validate } from './validation.js';

export const MAX_BURST = 20_000;
const countMessage = `count must be a whole number from 1 to ${MAX_BURST}`;
export const burstRequestSchema = z.strictObject({
  count: z.number({ error: countMessage }).int({ error: countMessage }).min(1, { error: countMessage }).max(MAX_BURST, { error: countMessage }),
});

/** POST /internal/burst (200) */
export interface BurstReply {
  /** Queued: in the ledger and on the queue, in the order they were sent. */
  accepted: string[];
  /** Refused by the queue (withdrawn from the ledger again), with Redis's first error. */
  refused: number;
  firstError?: string;
  ms: number;
}

/**
 * A busy hour in one request: `count` customers' exports, each recorded and then pushed with its
 * own LPUSH (as many customers would), all at once. Each export's outcome is its own: one the
 * queue refuses is withdrawn from the ledger, the others stand.
 */
export function burstHandler(deps: ServiceDeps): Handler {
  return async (context) => {
    checkToken(context, deps.labToken);
    const type = mediaType(context.req);
    if (type !== 'application/json' && type !== '') throw new HttpError(415, 'unsupported_media_type', 'Send the burst request as application/json.');
    const { count } = validate(burstRequestSchema, parseJsonBody(await readBody(context.req)));
    const started = performance.now();
    const acceptedAt = deps.now().toISOString();
    const records: ExportRecord[] = Array.from({ length: count }, () => ({
      id: deps.newId(),
      rows: customerRows(deps.random),
      report: 'orders',
      source: 'customer',
      acceptedAt,
    }));
    await deps.ledger.append(records);
    const outcomes = await deps.enqueueEach(records.map((record) => ({ exportId: record.id, rows: record.rows, report: record.report })));
    const refused = records.filter((_, i) => outcomes[i] !== undefined);
    if (refused.length > 0) {
      await deps.ledger.withdraw(
        refused.map((record) => record.id),
        deps.now().toISOString(),
      );
      deps.log(`broker: could not queue ${refused.length} of ${count} export(s): ${outcomes.find(Boolean)?.message}`);
    }
    const firstError = outcomes.find(Boolean)?.message;
    return json(200, {
      accepted: records.filter((_, i) => outcomes[i] === undefined).map((record) => record.id),
      refused: refused.length,
      ...(firstError ? { firstError } : {}),
      ms: Math.round(performance.now() - started),
    } satisfies BurstReply);
  };
}
