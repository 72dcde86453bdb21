import { once } from 'node:events';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listReadyIds } from '../../src/kits/celery-redis/web/export-files.js';
import { type ExportRecord, Ledger } from '../../src/kits/celery-redis/web/ledger.js';
import { createWebHandler } from '../../src/kits/celery-redis/web/server.js';

let dir: string;
let ledgerPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aol-web-ledger-'));
  ledgerPath = join(dir, 'state', 'ledger.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (n: number, source: ExportRecord['source'] = 'api'): ExportRecord => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  rows: 100 + n,
  report: 'orders',
  source,
  acceptedAt: new Date(Date.UTC(2026, 10, 2, 10, 0, n)).toISOString(),
});

describe('Ledger', () => {
  it('starts empty when there is no file yet, creating its directory', async () => {
    const { ledger, report } = await Ledger.open(ledgerPath);
    expect(ledger.size).toBe(0);
    expect(report).toEqual({ records: 0, withdrawn: 0, skippedLines: 0 });
    await ledger.append([record(1)]);
    expect(await readFile(ledgerPath, 'utf8')).toBe(`${JSON.stringify(record(1))}\n`);
  });

  it('writes one JSON line per export and reads them back in order', async () => {
    const { ledger } = await Ledger.open(ledgerPath);
    await ledger.append([record(1), record(2, 'form')]);
    await ledger.append([record(3, 'backlog')]);
    const lines = (await readFile(ledgerPath, 'utf8')).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines.slice(0, 3).map((line) => JSON.parse(line))).toEqual([record(1), record(2, 'form'), record(3, 'backlog')]);

    const reopened = await Ledger.open(ledgerPath);
    expect(reopened.report).toEqual({ records: 3, withdrawn: 0, skippedLines: 0 });
    expect(reopened.ledger.all()).toEqual([record(1), record(2, 'form'), record(3, 'backlog')]);
    expect(reopened.ledger.get(record(2).id)).toEqual(record(2, 'form'));
  });

  it('lists the latest exports newest first', async () => {
    const { ledger } = await Ledger.open(ledgerPath);
    await ledger.append([1, 2, 3, 4, 5].map((n) => record(n)));
    expect(ledger.recent(3).map((entry) => entry.rows)).toEqual([105, 104, 103]);
    expect(ledger.recent(50)).toHaveLength(5);
  });

  it('tolerates a last line cut short by a crash, and starts the next entry on a fresh line', async () => {
    await mkdir(join(dir, 'state'));
    const cut = JSON.stringify(record(3)).slice(0, 40);
    await writeFile(ledgerPath, `${JSON.stringify(record(1))}\n${JSON.stringify(record(2))}\n${cut}`);

    const { ledger, report } = await Ledger.open(ledgerPath);
    expect(report).toEqual({ records: 2, withdrawn: 0, skippedLines: 1 });
    expect(ledger.all().map((entry) => entry.id)).toEqual([record(1).id, record(2).id]);

    await ledger.append([record(4)]);
    const reopened = await Ledger.open(ledgerPath);
    expect(reopened.report.skippedLines).toBe(1);
    expect(reopened.ledger.all().map((entry) => entry.id)).toEqual([record(1).id, record(2).id, record(4).id]);
  });

  it('skips lines that are not ledger entries', async () => {
    await mkdir(join(dir, 'state'));
    await writeFile(ledgerPath, ['{"id": "x"}', 'not json', JSON.stringify({ ...record(1), source: 'robot' }), JSON.stringify(record(2)), ''].join('\n'));
    const { ledger, report } = await Ledger.open(ledgerPath);
    expect(report).toEqual({ records: 1, withdrawn: 0, skippedLines: 3 });
    expect(ledger.all()).toEqual([record(2)]);
  });

  it('withdraws exports the queue refused, in memory and on disk', async () => {
    const { ledger } = await Ledger.open(ledgerPath);
    await ledger.append([record(1), record(2), record(3)]);
    await ledger.withdraw([record(2).id], '2026-11-02T10:05:00.000Z');
    expect(ledger.all().map((entry) => entry.rows)).toEqual([101, 103]);
    expect(ledger.get(record(2).id)).toBeUndefined();
    const reopened = await Ledger.open(ledgerPath);
    expect(reopened.report).toEqual({ records: 2, withdrawn: 1, skippedLines: 0 });
    expect(reopened.ledger.all().map((entry) => entry.rows)).toEqual([101, 103]);
  });

  it('keeps concurrent batches whole and in the file in the order they were appended', async () => {
    const { ledger } = await Ledger.open(ledgerPath);
    const batches = Array.from({ length: 30 }, (_, b) => Array.from({ length: 40 }, (_, i) => record(b * 100 + i)));
    await Promise.all(batches.map((batch) => ledger.append(batch)));
    const ids = (await readFile(ledgerPath, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as ExportRecord).id);
    expect(ids).toEqual(batches.flat().map((entry) => entry.id));
    expect(ledger.size).toBe(1200);
  });

  it('rejects a failed write and leaves the ledger as it was', async () => {
    const { ledger } = await Ledger.open(ledgerPath);
    await ledger.append([record(1)]);
    // A directory where the file should be makes every append fail.
    await rm(ledgerPath);
    await mkdir(ledgerPath);
    await expect(ledger.append([record(2)])).rejects.toThrow();
    expect(ledger.all()).toEqual([record(1)]);
  });
});

describe('which exports are ready', () => {
  it('counts only finished <id>.csv files, not the worker temporary files', async () => {
    const exportsDir = join(dir, 'exports');
    await mkdir(exportsDir);
    await writeFile(join(exportsDir, `${record(1).id}.csv`), 'a,b\n');
    await writeFile(join(exportsDir, '.partial-abc123.csv'), 'half');
    await writeFile(join(exportsDir, 'notes.txt'), 'x');
    expect([...(await listReadyIds(exportsDir))]).toEqual([record(1).id]);
  });

  it('treats a missing exports directory as nothing ready yet', async () => {
    expect((await listReadyIds(join(dir, 'not-there'))).size).toBe(0);
  });
});

describe('GET /internal/ledger', () => {
  it('lists every accepted export with ready worked out from the exports directory, and the response counts', async () => {
    const exportsDir = join(dir, 'exports');
    await mkdir(exportsDir);
    const { ledger } = await Ledger.open(ledgerPath);
    const handler = createWebHandler({
      ledger,
      enqueue: async () => undefined,
      exportsDir,
      labToken: '',
      log: () => undefined,
      now: () => new Date('2026-11-02T10:00:00.000Z'),
    });
    const server = createServer(handler).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ids: string[] = [];
      for (const rows of [10, 20, 30]) {
        const response = await fetch(`${base}/exports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
        ids.push(((await response.json()) as { id: string }).id);
      }
      await (await fetch(`${base}/nope`)).text();
      await (await fetch(`${base}/`)).text();
      await appendFile(join(exportsDir, `${ids[1]}.csv`), 'customer,orders\n');

      const response = await fetch(`${base}/internal/ledger`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { startedAt: string; responses: Record<string, number>; entries: Array<Record<string, unknown>> };
      expect(Object.keys(body)).toEqual(['startedAt', 'responses', 'entries']);
      expect(body.startedAt).toBe('2026-11-02T10:00:00.000Z');
      expect(body.responses).toEqual({ '200': 1, '202': 3, '404': 1 });
      expect(body.entries).toEqual([
        { id: ids[0], rows: 10, source: 'api', acceptedAt: '2026-11-02T10:00:00.000Z', ready: false },
        { id: ids[1], rows: 20, source: 'api', acceptedAt: '2026-11-02T10:00:00.000Z', ready: true },
        { id: ids[2], rows: 30, source: 'api', acceptedAt: '2026-11-02T10:00:00.000Z', ready: false },
      ]);

      // The ledger read itself is counted once it has been sent.
      const again = (await (await fetch(`${base}/internal/ledger`)).json()) as { responses: Record<string, number> };
      expect(again.responses['200']).toBe(2);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
