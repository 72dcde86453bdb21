import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loggablePath } from '../../src/kits/celery-redis/web/access-log.js';
import { Ledger } from '../../src/kits/celery-redis/web/ledger.js';
import type { WebDeps } from '../../src/kits/celery-redis/web/server.js';
import { startTestWeb, type TestWeb as Web } from './web-test-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const startWeb = (overrides: Partial<WebDeps> = {}): Promise<Web> => startTestWeb({ labToken: 'secret', ...overrides });

const postJson = (web: Web, body: string, headers: Record<string, string> = {}) =>
  fetch(`${web.base}/exports`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error.message;
}

describe('POST /exports with JSON', () => {
  it('answers 202 with the id, pending status, a message and links, and queues the export', async () => {
    const web = await startWeb();
    const response = await postJson(web, JSON.stringify({ rows: 1200, report: 'orders' }));
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string; status: string; message: string; links: { status: string; download: string } };
    expect(Object.keys(body)).toEqual(['id', 'status', 'message', 'links']);
    expect(body.id).toMatch(UUID);
    expect(body.status).toBe('pending');
    expect(body.message).toMatch(/being prepared/);
    expect(body.links).toEqual({ status: `/exports/${body.id}`, download: `/exports/${body.id}/download` });
    expect(response.headers.get('location')).toBe(`/exports/${body.id}`);
    expect(web.queued).toEqual([{ tasks: [{ exportId: body.id, rows: 1200, report: 'orders' }], placement: 'behind' }]);
    expect(web.ledger.get(body.id)).toMatchObject({ id: body.id, rows: 1200, report: 'orders', source: 'api' });
  });

  it('fills in 500 rows of the orders report when the body leaves them out', async () => {
    const web = await startWeb();
    expect((await postJson(web, '{}')).status).toBe(202);
    // A bare POST, as `curl -X POST` sends it: no content type, no body.
    expect((await fetch(`${web.base}/exports`, { method: 'POST' })).status).toBe(202);
    expect(web.queued.map(({ tasks }) => tasks[0])).toEqual([
      expect.objectContaining({ rows: 500, report: 'orders' }),
      expect.objectContaining({ rows: 500, report: 'orders' }),
    ]);
  });

  it('accepts a charset parameter on the content type', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"rows": 1}',
    });
    expect(response.status).toBe(202);
  });

  it('records the export in the ledger before it is queued', async () => {
    const seen: Array<{ inMemory: boolean; onDisk: boolean }> = [];
    let web: Web | undefined;
    web = await startWeb({
      enqueue: async (tasks) => {
        const id = tasks[0]!.exportId;
        seen.push({ inMemory: web!.ledger.get(id) !== undefined, onDisk: (await readFile(web!.ledgerPath, 'utf8')).includes(id) });
      },
    });
    expect((await postJson(web, '{"rows": 10}')).status).toBe(202);
    expect(seen).toEqual([{ inMemory: true, onDisk: true }]);
  });

  it('gives every export its own id', async () => {
    const web = await startWeb();
    const ids = await Promise.all(Array.from({ length: 20 }, async () => ((await (await postJson(web, '{"rows": 5}')).json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(20);
    expect(web.ledger.size).toBe(20);
  });
});

describe('POST /exports from the HTML form', () => {
  it('answers 202 with a page that says the export is being prepared and links back to the dashboard', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'rows=42&report=orders',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toMatch(/preparing your export/i);
    expect(page).toContain('href="/dashboard"');
    const [entry] = web.ledger.all();
    expect(entry).toMatchObject({ rows: 42, report: 'orders', source: 'form' });
    expect(page).toContain(entry!.id);
    expect(web.queued[0]!.tasks).toEqual([{ exportId: entry!.id, rows: 42, report: 'orders' }]);
  });

  it('takes the defaults for an empty rows field', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'rows=&report=orders',
    });
    expect(response.status).toBe(202);
    expect(web.ledger.all()[0]).toMatchObject({ rows: 500 });
  });

  it('refuses rows that are not a whole number', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'rows=lots',
    });
    expect(await expectError(response, 400, 'invalid_request')).toMatch(/rows/);
    expect(web.queued).toEqual([]);
  });

  it('shows a browser an error page rather than JSON', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      body: 'rows=9999',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('rows must be a whole number from 1 to 5000');
  });
});

describe('bad input gets a 4xx, never a 5xx', () => {
  it('answers 400 to malformed JSON', async () => {
    const web = await startWeb();
    expect(await expectError(await postJson(web, '{"rows": 10'), 400, 'malformed_json')).toMatch(/not valid JSON/);
    expect(web.queued).toEqual([]);
    expect(web.ledger.size).toBe(0);
  });

  it.each([
    ['no rows', '{"rows": 0}', /rows must be a whole number from 1 to 5000/],
    ['too many rows', '{"rows": 5001}', /rows must be a whole number from 1 to 5000/],
    ['fractional rows', '{"rows": 1.5}', /rows must be a whole number/],
    ['rows as text', '{"rows": "500"}', /rows must be a whole number/],
    ['rows null', '{"rows": null}', /rows must be a whole number/],
    ['another report', '{"report": "invoices"}', /report must be 'orders'/],
    ['an unknown field', '{"rows": 10, "priority": 9}', /unknown field "priority"/],
    ['an array', '[1, 2]', /must be a JSON object/],
    ['a bare number', '42', /must be a JSON object/],
  ])('answers 400 to %s', async (_what, body, message) => {
    const web = await startWeb();
    expect(await expectError(await postJson(web, body), 400, 'invalid_request')).toMatch(message);
    expect(web.queued).toEqual([]);
    expect(web.ledger.size).toBe(0);
  });

  it('answers 413 to a declared body over 64 KiB without waiting for it', async () => {
    const web = await startWeb();
    // Claims 10 MB but sends one byte: the answer has to come from the header alone.
    const response = await new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = request(
        { port: web.port, host: '127.0.0.1', method: 'POST', path: '/exports', headers: { 'content-type': 'application/json', 'content-length': 10_000_000 } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
        },
      );
      req.on('error', reject);
      req.write('{');
    });
    expect(response.status).toBe(413);
    expect(response.connection).toBe('close');
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'payload_too_large', message: expect.stringMatching(/64 KiB/) } });
    expect(web.queued).toEqual([]);
  });

  it('answers 413 as soon as a chunked body passes 64 KiB, before it ends', async () => {
    const web = await startWeb();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          port: web.port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/exports',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', () => undefined);
      req.write(`{"rows": 1, "pad": "${'x'.repeat(70 * 1024)}`);
      // The body never ends: only a server that stopped reading can answer.
    });
    expect(status).toBe(413);
    expect(web.queued).toEqual([]);
  });

  it('drops a request whose client hangs up mid-body, and keeps serving', async () => {
    const web = await startWeb();
    await new Promise<void>((resolve) => {
      const req = request({
        port: web.port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/exports',
        headers: { 'content-type': 'application/json', 'content-length': 100 },
      });
      req.on('error', () => resolve());
      req.write('{"rows": ', () => setTimeout(() => req.destroy(), 20));
    });
    await expect.poll(() => web.lines.length).toBe(1);
    expect(web.lines[0]).toMatch(/ POST \/exports \d{3} .*\(client closed the connection\)$/);
    expect(web.queued).toEqual([]);
    expect(web.ledger.size).toBe(0);
    expect((await postJson(web, '{"rows": 3}')).status).toBe(202);
  });

  it('accepts a body just under the limit', async () => {
    const web = await startWeb();
    const padded = `{"rows": 7}${' '.repeat(60 * 1024)}`;
    expect((await postJson(web, padded)).status).toBe(202);
  });

  it.each([
    ['text/plain', 'rows=10'],
    ['application/xml', '<rows>10</rows>'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('answers 415 to %s', async (type, body) => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/exports`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(await expectError(response, 415, 'unsupported_media_type')).toMatch(/application\/json/);
  });

  it('answers 415 to a body with no content type', async () => {
    const web = await startWeb();
    const response = await new Promise<number>((resolve, reject) => {
      const req = request({ port: web.port, host: '127.0.0.1', method: 'POST', path: '/exports', headers: { 'content-length': 11 } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end('{"rows": 1}');
    });
    expect(response).toBe(415);
  });

  it.each([
    ['GET', '/exports', 'POST'],
    ['PUT', '/exports', 'POST'],
    ['DELETE', '/', 'GET, HEAD'],
    ['POST', '/dashboard', 'GET, HEAD'],
    ['POST', '/internal/ledger', 'GET, HEAD'],
    ['GET', '/internal/backlog', 'POST'],
    ['DELETE', '/exports/0b5e6a1c-9d8f-4e7a-b6c5-d4e3f2a1b0c9', 'GET, HEAD'],
  ])('answers 405 with an Allow header to %s %s', async (method, path, allow) => {
    const web = await startWeb();
    const response = await fetch(`${web.base}${path}`, { method });
    expect(response.headers.get('allow')).toBe(allow);
    await expectError(response, 405, 'method_not_allowed');
  });

  it.each([
    '/nope',
    '/exports/',
    '/dashboard/extra',
    '/exports/not-an-id',
    '/exports/0b5e6a1c-9d8f-4e7a-b6c5-d4e3f2a1b0c9',
    '/exports/0b5e6a1c-9d8f-4e7a-b6c5-d4e3f2a1b0c9/download',
  ])('answers 404 to GET %s', async (path) => {
    const web = await startWeb();
    await expectError(await fetch(`${web.base}${path}`), 404, 'not_found');
  });

  it.each([
    '/exports/..%2F..%2Fetc%2Fpasswd/download',
    '/exports/../../etc/passwd',
    '/exports/%2e%2e/download',
    '/exports/0B5E6A1C-9D8F-4E7A-B6C5-D4E3F2A1B0C9/download',
  ])('never reaches the file system for %s', async (path) => {
    const web = await startWeb();
    const status = await new Promise<number>((resolve, reject) => {
      // node:http sends the path exactly as written, dot segments included.
      const req = request({ port: web.port, host: '127.0.0.1', path }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });

  it('shows a browser a 404 page', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/missing`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/<h1>Page not found<\/h1>/);
  });
});

describe('when the queue is unavailable', () => {
  it('answers 503 and takes the export back out of the ledger when Redis refuses it', async () => {
    const web = await startWeb({
      enqueue: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.2:6379');
      },
    });
    const response = await postJson(web, '{"rows": 10}');
    expect(await expectError(response, 503, 'queue_unavailable')).toMatch(/not accepted/);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(web.ledger.size).toBe(0);
    const reopened = await Ledger.open(web.ledgerPath);
    expect(reopened.ledger.size).toBe(0);
    expect(web.lines.some((line) => line.includes('ECONNREFUSED'))).toBe(true);
  });

  it('answers 503 when Redis does not answer in time, and keeps the export recorded', async () => {
    const web = await startWeb({ enqueue: () => new Promise(() => undefined), enqueueTimeoutMs: 50 });
    const started = Date.now();
    await expectError(await postJson(web, '{"rows": 10}'), 503, 'queue_unavailable');
    expect(Date.now() - started).toBeLessThan(2000);
    // It may still reach the queue, so the ledger must keep it.
    expect(web.ledger.size).toBe(1);
  });
});

describe('HEAD and the access log', () => {
  it('answers HEAD like GET, without a body', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/healthz`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await response.text()).toBe('');
  });

  it('writes one line per request with time, method, path, status and duration', async () => {
    const web = await startWeb();
    await (await fetch(`${web.base}/healthz?verbose=1`)).text();
    await (await postJson(web, '{"rows": 0}')).text();
    await (await fetch(`${web.base}/nope`)).text();
    await expect.poll(() => web.lines.length).toBe(3);
    expect(web.lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET \/healthz 200 \d+\.\dms$/);
    expect(web.lines[1]).toMatch(/ POST \/exports 400 \d+\.\dms$/);
    expect(web.lines[2]).toMatch(/ GET \/nope 404 /);
  });

  it('marks simulated customers in the log and in the ledger', async () => {
    const web = await startWeb();
    expect((await postJson(web, '{"rows": 60}', { 'x-simulated-customer': '1' })).status).toBe(202);
    await expect.poll(() => web.lines.length).toBe(1);
    expect(web.lines[0]).toMatch(/ POST \/exports 202 .* \(simulated customer\)$/);
    expect(web.ledger.all()[0]).toMatchObject({ source: 'customer', rows: 60 });
  });

  it('keeps a path from forging log lines or flooding the log', () => {
    expect(loggablePath('/a\n2026-01-01T00:00:00.000Z GET / 200')).toBe('/a%0A2026-01-01T00:00:00.000Z%20GET%20/%20200');
    expect(loggablePath(`/${'a'.repeat(500)}`)).toHaveLength(203);
  });
});
