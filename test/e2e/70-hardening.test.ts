import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectContainer } from '../../src/docker/engine.js';
import { decodeEnvelope, exportTaskOf } from '../../src/kits/celery-redis/broker/envelope.js';
import { redisPasswordOf, redisPortOf, withLabRedis } from '../../src/kits/celery-redis/observe/lab-redis.js';
import { type Baseline, baselineSchema } from '../../src/scenarios/worker-oom/baseline.js';
import { fuzzWeb } from './fuzz.js';
import { docker, expectBrokenState, http, lab, labHome } from './harness.js';

const SEED = 13;
const REQUESTS = 2000;
/** The web's headersTimeout is 10 s: a connection still open 2 s past it is a hang. */
const HANG_MS = 12_000;

let baseline: Baseline;

/**
 * What the lab's Redis answers, on its published loopback port, to one command sent in raw RESP
 * after an optional AUTH: exactly what any local user could send with a socket of their own.
 */
async function redisFromHost(password: string | undefined, command: string[]): Promise<string> {
  const port = redisPortOf(await inspectContainer('redis'));
  const resp = (args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const wanted = password === undefined ? 1 : 2;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: port! });
    let seen = '';
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`redis on ${port} answered only ${JSON.stringify(seen)} within 5 s`))), 5000);
    socket.on('connect', () => socket.write((password === undefined ? '' : resp(['AUTH', password])) + resp(command)));
    socket.on('data', (chunk) => {
      seen += chunk.toString('utf8');
      const lines = seen.split('\r\n').filter(Boolean);
      if (lines.length >= wanted) {
        clearTimeout(timer);
        socket.destroy();
        resolve(lines.slice(0, wanted).join(' / '));
      }
    });
    socket.on('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

/** Every line of the web's ledger file parses as JSON (read inside the container, as it is on disk). */
async function ledgerLines(): Promise<unknown[]> {
  const { out, code } = await docker('exec', 'web', 'cat', '/var/lib/web/ledger.jsonl');
  expect(code).toBe(0);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
}

describe('a hardened lab: locked-down containers, a Redis that asks for a password, a web that survives abuse', () => {
  beforeAll(async () => {
    const up = await lab(['up', '--json']);
    expect(up.exitCode, up.all).toBe(0);
    baseline = baselineSchema.parse(JSON.parse(readFileSync(join(labHome, 'baseline.json'), 'utf8')));
  });

  it('runs every container without capabilities, without privilege gain, read-only, with a pids limit, and the outage as it was', async () => {
    for (const name of ['web', 'redis', 'worker']) {
      const { out } = await docker(
        'inspect',
        name,
        '--format',
        '{{json .HostConfig.CapDrop}} {{json .HostConfig.SecurityOpt}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.PidsLimit}} {{json .HostConfig.Tmpfs}}',
      );
      expect(out, name).toMatch(/^\["ALL"\] \["no-new-privileges:true"\] true 128 \{"\/tmp":"size=16m,mode=1777"\}$/);
    }
    expect((await docker('exec', 'web', 'touch', '/opt/lab/written')).all).toMatch(/Read-only file system/);
    expect((await docker('exec', 'redis', 'touch', '/tmp/scratch')).code).toBe(0);
    await expectBrokenState(expect);
  });

  it('keeps the state directory 0700 and the baseline, which holds the password, 0600', () => {
    expect(statSync(labHome).mode & 0o777).toBe(0o700);
    expect(statSync(join(labHome, 'baseline.json')).mode & 0o777).toBe(0o600);
    expect(redisPasswordOf(baseline)).toMatch(/^[0-9a-f]{48}$/);
  });

  it("refuses a connection from the host without the password (NOAUTH) or with a wrong one (WRONGPASS); the card's redis-cli works as printed", async () => {
    expect(await redisFromHost(undefined, ['FLUSHALL'])).toMatch(/^-NOAUTH /);
    expect(await redisFromHost(undefined, ['LLEN', 'celery'])).toMatch(/^-NOAUTH /);
    expect(await redisFromHost('not-the-password', ['FLUSHALL'])).toMatch(/^-WRONGPASS .* \/ -NOAUTH /);
    expect(await redisFromHost(redisPasswordOf(baseline), ['PING'])).toBe('+OK / +PONG');
    const cli = await docker('exec', 'redis', 'redis-cli', 'LLEN', 'celery');
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/^\d+$/);
    expect(Number(cli.out)).toBeGreaterThanOrEqual(1480);
  });

  it(`answers ${REQUESTS} fuzzed requests (seed ${SEED}) without a 5xx or a hang, and its ledger still parses`, async () => {
    const result = await fuzzWeb({ port: baseline.sitePort, seed: SEED, count: REQUESTS, concurrency: 16, hangMs: HANG_MS });
    // The counts the note quotes: requests sent, how many were cut short, and every status seen.
    console.log(
      `fuzz seed ${SEED}: ${result.sent} requests (${result.truncated} cut short) in ${(result.ms / 1000).toFixed(1)} s; outcomes ${JSON.stringify(result.outcomes)}`,
    );
    expect(result.sent).toBe(REQUESTS);
    expect(result.hangs, JSON.stringify(result.examples)).toBe(0);
    const fiveHundreds = Object.entries(result.outcomes).filter(([status]) => Number(status) >= 500);
    expect(fiveHundreds, JSON.stringify(result.examples)).toEqual([]);
    expect(result.outcomes['-1'] ?? 0).toBe(0); // nothing but HTTP came back
    expect((await http(baseline.sitePort, '/healthz')).status).toBe(200);
    const lines = await ledgerLines();
    expect(lines.length).toBeGreaterThan(baseline.backlog.seededIds.length);
    expect((await lab(['status', '--json'])).exitCode).toBe(0);
  });

  it('accepts 200 concurrent POST /exports each exactly once: every 202 id once in the ledger and once in Redis', async () => {
    const replies = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`http://127.0.0.1:${baseline.sitePort}/exports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"rows":100}',
          signal: AbortSignal.timeout(30_000),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id?: string } })),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(202));
    const ids = replies.map((r) => r.body.id!);
    expect(new Set(ids).size).toBe(200);

    const inLedger = new Map<string, number>();
    for (const line of await ledgerLines()) {
      const id = (line as { id?: string; withdrawn?: boolean }).id;
      if (id && !(line as { withdrawn?: boolean }).withdrawn) inLedger.set(id, (inLedger.get(id) ?? 0) + 1);
    }
    const queued = await withLabRedis(redisPasswordOf(baseline), (redis) => redis.lrange('celery', 0, -1));
    const inRedis = new Map<string, number>();
    for (const raw of queued) {
      const id = exportTaskOf(decodeEnvelope(raw))?.exportId;
      if (id) inRedis.set(id, (inRedis.get(id) ?? 0) + 1);
    }
    expect(ids.filter((id) => inLedger.get(id) !== 1)).toEqual([]);
    expect(ids.filter((id) => inRedis.get(id) !== 1)).toEqual([]);
  });
});
