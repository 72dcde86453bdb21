import { createHash, timingSafeEqual } from 'node:crypto';
import { planBacklog } from '../backlog.js';
import type { LedgerEntry } from '../observe/snapshot.js';
import { planPoisonBacklog } from '../poison-backlog.js';
import { acceptExports } from './accept.js';
import { mediaType, readBody } from './body.js';
import type { LedgerReply, SeedReply } from './contract.js';
import type { ServiceDeps } from './deps.js';
import { listReadyIds } from './export-files.js';
import { HttpError } from './http-error.js';
import type { ExportRecord } from './ledger.js';
import { json } from './reply.js';
import type { Handler, RequestContext } from './router.js';
import { backlogRequestSchema, parseJsonBody, validate } from './validation.js';

/** A seeded backlog's body holds one small number, but the lab may send more detail one day. */
export const BACKLOG_BODY_LIMIT = 1024 * 1024;
export const LAB_TOKEN_HEADER = 'x-lab-token';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison, and an unset token matches nothing. */
export function checkToken(context: RequestContext, expected: string): void {
  const given = context.req.headers[LAB_TOKEN_HEADER];
  if (expected === '') throw new HttpError(403, 'forbidden', 'Internal writes are switched off: this web has no lab token.');
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(expected))) {
    throw new HttpError(403, 'forbidden', `Internal writes need the lab's ${LAB_TOKEN_HEADER} header.`);
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function internalHandlers(deps: ServiceDeps): { ledger: Handler; backlog: Handler } {
  /** What the lab's check reads: every accepted export, whether its CSV exists, and the response counts. */
  const ledger: Handler = async () => {
    const ready = await listReadyIds(deps.exportsDir);
    const entries: LedgerEntry[] = deps.ledger.all().map((record) => ({
      id: record.id,
      rows: record.rows,
      source: record.source,
      acceptedAt: record.acceptedAt,
      ready: ready.has(record.id),
    }));
    return json(200, { startedAt: deps.startedAt.toISOString(), responses: deps.tally.snapshot(), entries } satisfies LedgerReply);
  };

  /** Seeds the outage's backlog: recorded in one ledger write, queued in one pipeline, first job next in line. */
  const backlog: Handler = async (context) => {
    checkToken(context, deps.labToken);
    const type = mediaType(context.req);
    if (type !== 'application/json' && type !== '') {
      throw new HttpError(415, 'unsupported_media_type', 'Send the backlog request as application/json.');
    }
    const request = validate(backlogRequestSchema, parseJsonBody(await readBody(context.req, BACKLOG_BODY_LIMIT)));
    const planOf = request.plan === 'poison-export' ? planPoisonBacklog : planBacklog;
    const plan = planOf(request.count, { random: deps.random, newId: deps.newId });
    const acceptedAt = deps.now().toISOString();
    const records: ExportRecord[] = plan.tasks.map((task) => ({
      id: task.exportId,
      rows: task.rows,
      report: task.report,
      source: 'backlog',
      acceptedAt,
      ...(task.layout === undefined ? {} : { layout: task.layout }),
    }));
    const timings = await acceptExports({ ...deps, enqueueTimeoutMs: deps.backlogTimeoutMs }, records, 'ahead');
    const inFlight = plan.tasks.find((task) => task.exportId === plan.inFlightId)!;
    return json(201, {
      count: plan.tasks.length,
      ids: records.map((record) => record.id),
      inFlightId: plan.inFlightId,
      inFlightRows: inFlight.rows,
      largeIds: plan.largeIds,
      largestWaitingRows: plan.largestWaitingRows,
      enqueueMs: round(timings.enqueueMs),
      ledgerMs: round(timings.ledgerMs),
    } satisfies SeedReply);
  };

  return { ledger, backlog };
}
