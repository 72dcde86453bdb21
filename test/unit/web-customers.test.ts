import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/kits/celery-redis/web/config.js';
import { customerRows, type SimulatedCustomers, startSimulatedCustomers } from '../../src/kits/celery-redis/web/customers.js';
import { Ledger } from '../../src/kits/celery-redis/web/ledger.js';
import { createWebHandler } from '../../src/kits/celery-redis/web/server.js';

let dir: string;
let ledger: Ledger;
let server: Server;
let port: number;
let lines: string[];
let customers: SimulatedCustomers | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aol-web-customers-'));
  ({ ledger } = await Ledger.open(join(dir, 'ledger.jsonl')));
  lines = [];
  server = createServer(
    createWebHandler({ ledger, enqueue: async () => undefined, exportsDir: join(dir, 'exports'), labToken: '', log: (line) => lines.push(line) }),
  ).listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  customers?.stop();
  customers = undefined;
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('simulated customers', () => {
  it('submit real exports over HTTP, recorded as customer exports and marked in the access log', async () => {
    customers = startSimulatedCustomers({ port, intervalMs: 10 });
    await expect.poll(() => ledger.size, { timeout: 3000 }).toBeGreaterThanOrEqual(3);
    for (const entry of ledger.all()) {
      expect(entry.source).toBe('customer');
      expect(entry.report).toBe('orders');
      expect(entry.rows).toBeGreaterThanOrEqual(50);
      expect(entry.rows).toBeLessThanOrEqual(5000);
    }
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.every((line) => / POST \/exports 202 .*\(simulated customer\)$/.test(line))).toBe(true);
  });

  it('stop when told to', async () => {
    customers = startSimulatedCustomers({ port, intervalMs: 10 });
    await expect.poll(() => ledger.size, { timeout: 3000 }).toBeGreaterThanOrEqual(1);
    customers.stop();
    const atStop = ledger.size;
    // The request already sent when stop came may still land (the web read it whole); none after it.
    await sleep(500);
    expect(ledger.size).toBeLessThanOrEqual(atStop + 1);
    const after = ledger.size;
    await sleep(200);
    expect(ledger.size).toBe(after);
  });

  it('never come when the interval is 0', async () => {
    customers = startSimulatedCustomers({ port, intervalMs: 0 });
    await sleep(150);
    expect(ledger.size).toBe(0);
    expect(lines).toEqual([]);
  });

  it('keep coming when the web is briefly not there', async () => {
    server.close();
    server.closeAllConnections();
    customers = startSimulatedCustomers({ port, intervalMs: 10 });
    await sleep(60);
    server = createServer(
      createWebHandler({ ledger, enqueue: async () => undefined, exportsDir: join(dir, 'exports'), labToken: '', log: () => undefined }),
    ).listen(port, '127.0.0.1');
    await once(server, 'listening');
    await expect.poll(() => ledger.size, { timeout: 3000 }).toBeGreaterThanOrEqual(1);
  });

  it('ask for 50 to 5000 rows', () => {
    expect(customerRows(() => 0)).toBe(50);
    expect(customerRows(() => 0.999999)).toBe(5000);
    expect(customerRows(() => 0.5)).toBe(2525);
  });
});

describe('readConfig', () => {
  it('reads the compose environment', () => {
    expect(
      readConfig({
        PORT: '8080',
        REDIS_URL: 'redis://redis:6379/0',
        LEDGER_PATH: '/var/lib/web/ledger.jsonl',
        EXPORTS_DIR: '/var/lib/exports',
        CUSTOMER_INTERVAL_MS: '0',
        LAB_TOKEN: 'abc',
      }),
    ).toEqual({
      port: 8080,
      redisUrl: 'redis://redis:6379/0',
      ledgerPath: '/var/lib/web/ledger.jsonl',
      exportsDir: '/var/lib/exports',
      customerIntervalMs: 0,
      labToken: 'abc',
    });
  });

  it('falls back to the defaults, customers every 3 s and no token', () => {
    expect(readConfig({ CUSTOMER_INTERVAL_MS: '' })).toMatchObject({ port: 8080, customerIntervalMs: 3000, labToken: '' });
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/);
    expect(() => readConfig({ CUSTOMER_INTERVAL_MS: '-5' })).toThrow(/CUSTOMER_INTERVAL_MS/);
  });
});
