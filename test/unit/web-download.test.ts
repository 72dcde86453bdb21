import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startTestWeb } from './web-test-server.js';

let exportsDir: string;
let base: string;

beforeEach(async () => {
  ({ base, exportsDir } = await startTestWeb({ now: () => new Date('2026-11-02T09:30:00.000Z') }));
});

async function submit(rows = 300): Promise<string> {
  const response = await fetch(`${base}/exports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

const CSV = 'customer,orders,total,region\ncustomer-0001,3,129.50,eu-west\n';

describe('an export while the worker has not written it', () => {
  it('shows as pending', async () => {
    const id = await submit(300);
    const response = await fetch(`${base}/exports/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id,
      status: 'pending',
      rows: 300,
      report: 'orders',
      acceptedAt: '2026-11-02T09:30:00.000Z',
      links: { status: `/exports/${id}`, download: `/exports/${id}/download` },
    });
  });

  it('answers 409 "not ready yet" to a download', async () => {
    const id = await submit();
    const response = await fetch(`${base}/exports/${id}/download`);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'not_ready', message: expect.stringMatching(/not ready yet/) } });
  });

  it('is still pending while only the worker temporary file exists', async () => {
    const id = await submit();
    await writeFile(join(exportsDir, '.partial-k2j3h4.csv'), 'customer,orders\n');
    expect((await fetch(`${base}/exports/${id}/download`)).status).toBe(409);
    expect(((await (await fetch(`${base}/exports/${id}`)).json()) as { status: string }).status).toBe('pending');
  });
});

describe('an export once its CSV exists', () => {
  it('shows as ready', async () => {
    const id = await submit();
    await writeFile(join(exportsDir, `${id}.csv`), CSV);
    expect(((await (await fetch(`${base}/exports/${id}`)).json()) as { status: string }).status).toBe('ready');
  });

  it('downloads as a CSV attachment', async () => {
    const id = await submit();
    await writeFile(join(exportsDir, `${id}.csv`), CSV);
    const response = await fetch(`${base}/exports/${id}/download`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="export-${id}.csv"`);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(CSV)));
    expect(await response.text()).toBe(CSV);
  });

  it('answers HEAD with the headers alone', async () => {
    const id = await submit();
    await writeFile(join(exportsDir, `${id}.csv`), CSV);
    const response = await fetch(`${base}/exports/${id}/download`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(CSV)));
    expect(await response.text()).toBe('');
  });

  it('downloads a large CSV whole', async () => {
    const id = await submit();
    const big = `customer,orders\n${Array.from({ length: 50_000 }, (_, i) => `customer-${i},${i}`).join('\n')}\n`;
    await writeFile(join(exportsDir, `${id}.csv`), big);
    expect(await (await fetch(`${base}/exports/${id}/download`)).text()).toBe(big);
  });
});

describe('an export nobody asked for', () => {
  it('is 404 even when a file with its name exists', async () => {
    const stranger = '11111111-2222-4333-8444-555555555555';
    await writeFile(join(exportsDir, `${stranger}.csv`), CSV);
    expect((await fetch(`${base}/exports/${stranger}`)).status).toBe(404);
    expect((await fetch(`${base}/exports/${stranger}/download`)).status).toBe(404);
  });
});
