import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/kits/celery-redis/backlog.js';
import type { SeedReply } from '../../src/kits/celery-redis/web/contract.js';
import { type ExportRecord, Ledger } from '../../src/kits/celery-redis/web/ledger.js';
import type { WebDeps } from '../../src/kits/celery-redis/web/server.js';
import { startTestWeb, type TestWeb as Web } from './web-test-server.js';

const startWeb = (overrides: Partial<WebDeps> = {}): Promise<Web> => startTestWeb({ labToken: 'lab-secret', ...overrides });

const seed = (web: Web, body: unknown, headers: Record<string, string> = { 'x-lab-token': 'lab-secret' }) =>
  fetch(`${web.base}/internal/backlog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /internal/backlog needs the lab token', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { 'x-lab-token': 'guess' }],
    ['a token that only starts right', { 'x-lab-token': 'lab-secret-and-more' }],
  ])('answers 403 to %s and changes nothing', async (_what, headers) => {
    const web = await startWeb();
    const response = await seed(web, { count: 10 }, headers);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(web.queued).toEqual([]);
    expect(web.ledger.size).toBe(0);
  });

  it('refuses everyone when the web has no token, an empty header included', async () => {
    const web = await startWeb({ labToken: '' });
    expect((await seed(web, { count: 10 }, { 'x-lab-token': '' })).status).toBe(403);
    expect((await seed(web, { count: 10 }, {})).status).toBe(403);
    expect(web.queued).toEqual([]);
  });

  it('needs no token to read the ledger', async () => {
    const web = await startWeb();
    expect((await fetch(`${web.base}/internal/ledger`)).status).toBe(200);
  });
});

describe('POST /internal/backlog', () => {
  it('records and queues the planned backlog and answers 201 with the plan', async () => {
    const web = await startWeb({ random: seededRandom(3) });
    const response = await seed(web, { count: 1487 });
    expect(response.status).toBe(201);
    const reply = (await response.json()) as SeedReply;
    expect(Object.keys(reply)).toEqual(['count', 'ids', 'inFlightId', 'inFlightRows', 'largeIds', 'largestWaitingRows', 'enqueueMs', 'ledgerMs']);
    expect(reply.count).toBe(1487);
    expect(new Set(reply.ids).size).toBe(1487);
    expect(reply.ids[3]).toBe(reply.inFlightId);
    expect(reply.inFlightId.startsWith('7c9d')).toBe(true);
    expect(reply.inFlightRows).toBe(1_400_000);
    expect(reply.largeIds.length).toBeGreaterThan(5);
    expect(reply.largeIds.every((id) => reply.ids.includes(id))).toBe(true);
    expect(reply.enqueueMs).toBeGreaterThanOrEqual(0);
    expect(reply.ledgerMs).toBeGreaterThanOrEqual(0);

    // One enqueue, in plan order, to the front of the line.
    expect(web.queued).toHaveLength(1);
    expect(web.queued[0]!.placement).toBe('ahead');
    expect(web.queued[0]!.tasks.map((task) => task.exportId)).toEqual(reply.ids);
    const rowsById = new Map(web.queued[0]!.tasks.map((task) => [task.exportId, task.rows]));
    expect(reply.largestWaitingRows).toBe(Math.max(...reply.ids.slice(4).map((id) => rowsById.get(id)!)));

    // All in the ledger as backlog, in the same order, in one go.
    expect(web.ledger.all().map((entry) => entry.id)).toEqual(reply.ids);
    expect(new Set(web.ledger.all().map((entry) => entry.source))).toEqual(new Set(['backlog']));
    const onDisk = (await readFile(web.ledgerPath, 'utf8')).trimEnd().split('\n');
    expect(onDisk).toHaveLength(1487);
    expect((JSON.parse(onDisk[3]!) as ExportRecord).id).toBe(reply.inFlightId);
  });

  it('seeds each plan by its name, the large exports by default, and refuses any other name', async () => {
    const queuedAs = async (body: unknown) => {
      const web = await startWeb({ random: seededRandom(3) });
      expect((await seed(web, body)).status).toBe(201);
      return web.queued[0]!.tasks.map((task) => [task.rows, task.layout]);
    };
    const poison = await queuedAs({ count: 40, plan: 'poison-export' });
    expect(poison.some(([, layout]) => layout !== undefined)).toBe(true);
    const large = await queuedAs({ count: 40 });
    expect(large).not.toEqual(poison);
    expect(await queuedAs({ count: 40, plan: 'large-exports' })).toEqual(large);
    const web = await startWeb();
    for (const plan of ['toString', 'worker-oom', 'poison-loop']) {
      const response = await seed(web, { count: 40, plan });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe('plan must be one of large-exports, poison-export.');
    }
  });

  it('has the ledger written before the jobs are queued', async () => {
    let recordedBeforeQueueing = false;
    let web: Web | undefined;
    web = await startWeb({
      enqueue: async (tasks) => {
        const onDisk = await readFile(web!.ledgerPath, 'utf8');
        recordedBeforeQueueing = tasks.every((task) => onDisk.includes(task.exportId));
      },
    });
    expect((await seed(web, { count: 50 })).status).toBe(201);
    expect(recordedBeforeQueueing).toBe(true);
  });

  it.each([
    ['too few', { count: 4 }],
    ['too many', { count: 100_001 }],
    ['a fraction', { count: 10.5 }],
    ['text', { count: '1487' }],
    ['nothing', {}],
  ])('answers 400 to %s', async (_what, body) => {
    const web = await startWeb();
    const response = await seed(web, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/count must be a whole number from 5 to 100000/),
    });
    expect(web.queued).toEqual([]);
  });

  it('reads bodies up to 1 MiB, unlike the public endpoints', async () => {
    const web = await startWeb();
    expect((await seed(web, `{"count": 5}${' '.repeat(200 * 1024)}`)).status).toBe(201);
    expect((await seed(web, `{"count": 5}${' '.repeat(1024 * 1024)}`)).status).toBe(413);
  });

  it('answers 415 to a body that is not JSON', async () => {
    const web = await startWeb();
    const response = await fetch(`${web.base}/internal/backlog`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-lab-token': 'lab-secret' },
      body: 'count=10',
    });
    expect(response.status).toBe(415);
  });

  it('answers 503 and withdraws the whole batch when Redis refuses it', async () => {
    const web = await startWeb({
      enqueue: async () => {
        throw new Error('READONLY You can not write against a read only replica.');
      },
    });
    const response = await seed(web, { count: 20 });
    expect(response.status).toBe(503);
    expect(web.ledger.size).toBe(0);
    expect((await Ledger.open(web.ledgerPath)).ledger.size).toBe(0);
  });
});
