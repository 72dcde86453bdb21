import { pollUntil } from '../../../wait.js';
import type { LedgerReply, SeedReply } from '../web/contract.js';
import type { BacklogPlan } from '../web/validation.js';

/** The only place that talks HTTP to the lab's web container (through its published port). */
export const webUrl = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;

/**
 * Every request goes through here. The abort timer is an ordinary (ref'd) timer on purpose:
 * AbortSignal.timeout() does not keep Node alive, and a connection that a port proxy accepts
 * before the web listens can leave fetch pending with nothing else running.
 */
async function request(port: number, path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the web did not answer ${init.method ?? 'GET'} ${path} within ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(webUrl(port, path), { ...init, signal: controller.signal });
    // Read the body before the timer goes: a stalled body is as much a hang as no answer.
    const body = await response.arrayBuffer();
    return new Response(body.byteLength ? body : null, { status: response.status, headers: response.headers });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long `check` gives the web for each read. A stopped web refuses at once; a healthy one on a
 * loaded host (nested engines, several labs) has been seen to take over 3 s.
 */
export const WEB_READ_MS = 10_000;

export async function httpStatus(port: number, path: string, timeoutMs = 3000): Promise<number> {
  return (await request(port, path, {}, timeoutMs)).status;
}

/**
 * Waits until the web answers GET `path` with 200. One request is no proof of a fault: on a loaded
 * host (a classroom's nested engines) a healthy web can take seconds over one page.
 */
export async function webServes(port: number, path: string, timeoutMs = 30_000): Promise<void> {
  await pollUntil(
    () => httpStatus(port, path, 5000),
    (status) => status === 200,
    { what: `the web to answer GET ${path} with 200 on 127.0.0.1:${port}`, timeoutMs, intervalMs: 250 },
  );
}

export async function readLedger(port: number, timeoutMs = 5000): Promise<LedgerReply> {
  const response = await request(port, '/internal/ledger', {}, timeoutMs);
  if (!response.ok) throw new Error(`GET /internal/ledger answered ${response.status}`);
  return (await response.json()) as LedgerReply;
}

export async function seedBacklog(port: number, token: string, count: number, plan?: BacklogPlan): Promise<SeedReply> {
  const response = await request(
    port,
    '/internal/backlog',
    { method: 'POST', headers: { 'content-type': 'application/json', 'x-lab-token': token }, body: JSON.stringify(plan ? { count, plan } : { count }) },
    30_000,
  );
  if (response.status !== 201) throw new Error(`POST /internal/backlog answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as SeedReply;
}
