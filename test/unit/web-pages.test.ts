import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExportRecord, Ledger } from '../../src/kits/celery-redis/web/ledger.js';
import { startTestWeb } from './web-test-server.js';

let exportsDir: string;
let ledger: Ledger;
let base: string;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2026-11-02T08:00:00.000Z');
  ({ base, exportsDir, ledger } = await startTestWeb({ now: () => clock }));
});

const record = (n: number, overrides: Partial<ExportRecord> = {}): ExportRecord => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  rows: 1000 + n,
  report: 'orders',
  source: 'customer',
  acceptedAt: new Date(Date.UTC(2026, 10, 2, 7, 0, n)).toISOString(),
  ...overrides,
});

async function page(path: string): Promise<string> {
  const response = await fetch(`${base}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return response.text();
}

describe('GET /', () => {
  it('is a complete page that leads to the exports', async () => {
    const html = await page('/');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain('href="/dashboard"');
    // Self-contained: nothing loaded from elsewhere.
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('GET /dashboard', () => {
  it('offers a form that posts a new export', async () => {
    const html = await page('/dashboard');
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/exports"/);
    expect(html).toMatch(/<input type="number" name="rows" min="1" max="5000"[^>]*value="500"/);
    expect(html).toMatch(/<select name="report"><option value="orders"/);
    expect(html).toContain('No exports yet');
  });

  it('lists recent exports newest first, with a download link for the ready ones', async () => {
    await ledger.append([record(1), record(2), record(3)]);
    await writeFile(join(exportsDir, `${record(2).id}.csv`), 'customer,orders\n');
    const html = await page('/dashboard');
    const order = [record(3), record(2), record(1)].map((entry) => html.indexOf(entry.id));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain(`href="/exports/${record(2).id}/download"`);
    expect(html).not.toContain(`href="/exports/${record(1).id}/download"`);
    expect(html).not.toContain(`href="/exports/${record(3).id}/download"`);
    const rowOf = (id: string) => html.slice(html.indexOf(id), html.indexOf('</tr>', html.indexOf(id)));
    expect(rowOf(record(2).id)).toContain('Ready');
    expect(rowOf(record(1).id)).toContain('Being prepared');
    expect(rowOf(record(1).id)).toContain('1,001');
  });

  it('shows the 50 most recent and counts them all', async () => {
    await ledger.append(Array.from({ length: 60 }, (_, i) => record(i + 1)));
    await writeFile(join(exportsDir, `${record(60).id}.csv`), 'x\n');
    await writeFile(join(exportsDir, `${record(1).id}.csv`), 'x\n');
    const html = await page('/dashboard');
    expect((html.match(/<tr><td><code>/g) ?? []).length).toBe(50);
    expect(html).toContain(record(60).id);
    expect(html).toContain(record(11).id);
    expect(html).not.toContain(record(10).id);
    expect(html).toMatch(/<b>60<\/b><small>requested<\/small>/);
    expect(html).toMatch(/<b>2<\/b><small>ready to download<\/small>/);
    expect(html).toMatch(/<b>58<\/b><small>being prepared<\/small>/);
  });

  it('escapes what it shows', async () => {
    await ledger.append([record(1, { report: '<script>alert(1)</script>' })]);
    const html = await page('/dashboard');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;');
  });
});

describe('GET /healthz', () => {
  it('says the web is fine, in JSON', async () => {
    await ledger.append([record(1)]);
    clock = new Date('2026-11-02T08:01:30.000Z');
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', startedAt: '2026-11-02T08:00:00.000Z', uptimeSeconds: 90, exportsAccepted: 1 });
  });
});
