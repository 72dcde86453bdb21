import type { LedgerEntry } from './snapshot.js';

/** The only place that talks HTTP to the lab's web container (through its published port). */
export const webUrl = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;

export async function httpStatus(port: number, path: string, timeoutMs = 3000): Promise<number> {
  const response = await fetch(webUrl(port, path), { signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  return response.status;
}

export interface LedgerReply {
  startedAt: string;
  responses: Record<string, number>;
  entries: LedgerEntry[];
}

export async function readLedger(port: number, timeoutMs = 5000): Promise<LedgerReply> {
  const response = await fetch(webUrl(port, '/internal/ledger'), { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET /internal/ledger answered ${response.status}`);
  return (await response.json()) as LedgerReply;
}

export interface SeedReply {
  count: number;
  ids: string[];
  inFlightId: string;
  inFlightRows: number;
  largeIds: string[];
  largestWaitingRows: number;
  enqueueMs: number;
  ledgerMs: number;
}

export async function seedBacklog(port: number, token: string, count: number): Promise<SeedReply> {
  const response = await fetch(webUrl(port, '/internal/backlog'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lab-token': token },
    body: JSON.stringify({ count }),
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 201) throw new Error(`POST /internal/backlog answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as SeedReply;
}

/** Submits one export the way a customer would (for tests and the playthrough). */
export async function submitExport(port: number, rows = 200): Promise<{ status: number; body: unknown }> {
  const response = await fetch(webUrl(port, '/exports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rows }),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}
