import type { LedgerEntry } from '../observe/snapshot.js';

/**
 * The replies of the web's internal endpoints: written by src/web/internal-handlers.ts, read by
 * the lab through src/observe/web-api.ts. One definition, so both sides change together.
 */

/** GET /internal/ledger */
export interface LedgerReply {
  startedAt: string;
  /** Responses sent since the web started, by status code. */
  responses: Record<string, number>;
  entries: LedgerEntry[];
}

/** POST /internal/backlog (201) */
export interface SeedReply {
  count: number;
  /** In the order the worker will take them. */
  ids: string[];
  inFlightId: string;
  inFlightRows: number;
  largeIds: string[];
  largestWaitingRows: number;
  enqueueMs: number;
  ledgerMs: number;
}
