import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intOption } from '../../src/cli/action.js';
import { cliEnv } from '../../src/docker/cli.js';
import { demultiplex } from '../../src/docker/engine.js';
import { infoField, parseCommandStats } from '../../src/kits/celery-redis/broker/redis.js';
import { IN_FLIGHT_ROWS, LARGE_ROWS, SMALL_ROWS } from '../../src/kits/celery-redis/figures.js';
import { statePaths } from '../../src/project/paths.js';
import { peakMiB, requiredLimitMiB, WORKER_CAP_BYTES } from '../../src/scenarios/worker-oom/figures.js';
import { confirmOomLog } from '../../src/scenarios/worker-oom/worker-log.js';

const id = '7c9d1e2f-0000-4000-8000-000000000001';
const workerLog = (tail: string) =>
  [
    '[2026-11-24 04:00:00,001: INFO/MainProcess] Connected to redis://redis:6379/0',
    '[2026-11-24 04:00:00,002: INFO/MainProcess] worker@worker ready.',
    '[2026-11-24 04:00:00,010: INFO/MainProcess] Task exports.generate_csv[aaaa] received',
    '[2026-11-24 04:00:00,020: INFO/MainProcess] Task exports.generate_csv[aaaa] succeeded in 0.004s: {}',
    tail,
  ].join('\n');

describe('reading the dead worker log', () => {
  it('accepts a log that stops at the in-flight export being received', () => {
    const verdict = confirmOomLog(workerLog(`[2026-11-24 04:00:00,030: INFO/MainProcess] Task exports.generate_csv[${id}] received`), id);
    expect(verdict).toEqual({ ok: true, lastTaskLine: `Task exports.generate_csv[${id}] received` });
  });
  it('rejects a clean shutdown', () => {
    const verdict = confirmOomLog(`${workerLog(`Task exports.generate_csv[${id}] received`)}\nworker: Warm shutdown (MainProcess)`, id);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('shutdown') });
  });
  it('rejects a log whose last task is another export', () => {
    expect(confirmOomLog(workerLog('Task exports.generate_csv[bbbb] received'), id)).toMatchObject({ ok: false });
  });
  it('rejects a log whose in-flight export finished', () => {
    expect(confirmOomLog(workerLog(`Task exports.generate_csv[${id}] succeeded in 1.2s: {}`), id)).toMatchObject({ ok: false });
  });
});

describe('redis INFO parsing', () => {
  it('reads calls per command from real INFO commandstats output', () => {
    const calls = parseCommandStats(
      '# Commandstats\r\ncmdstat_lpush:calls=3,usec=10,usec_per_call=3.33\r\ncmdstat_flushall:calls=1,usec=5\r\ncmdstat_DEL:calls=2,usec=1\r\n',
    );
    expect(calls).toEqual({ lpush: 3, flushall: 1, del: 2 });
  });
  it('reads a field from INFO server', () => {
    expect(infoField('# Server\r\nredis_version:8.0.2\r\nrun_id:0123abcd\r\n', 'run_id')).toBe('0123abcd');
  });
});

describe("the lab's own docker calls", () => {
  it('never go through the recording shim, and tell any other shim not to record', () => {
    const before = process.env.PATH;
    process.env.PATH = `${statePaths().shimDir}:/usr/local/bin:${statePaths().shimDir}/:/usr/bin`;
    try {
      const env = cliEnv();
      expect(env.PATH).toBe('/usr/local/bin:/usr/bin');
      expect(env.ASYNC_OUTAGE_LAB_NO_RECORD).toBe('1');
    } finally {
      process.env.PATH = before;
    }
  });
});

describe('docker log frames', () => {
  it('joins stdout and stderr frames and passes raw TTY text through', () => {
    const frame = (kind: number, text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = kind;
      header.writeUInt32BE(body.length, 4);
      return Buffer.concat([header, body]);
    };
    expect(demultiplex(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]))).toBe('out\nerr\n');
    expect(demultiplex(Buffer.from('plain text from a tty'))).toBe('plain text from a tty');
  });
});

describe('option parsing', () => {
  const backlog = intOption('--backlog', 10, 100_000);
  it('accepts whole numbers in range', () => expect(backlog('1487')).toBe(1487));
  it.each(['-5', '0', '1e3', 'abc', '12.5', '100001'])('rejects %s as a usage error (exit 2)', (raw) => {
    try {
      backlog(raw);
      expect.unreachable();
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
      expect(String((error as Error).message)).toContain('--backlog');
    }
  });
});

describe('memory model', () => {
  it('puts the in-flight and large exports over the cap and small ones far under it', () => {
    const cap = WORKER_CAP_BYTES / 1024 / 1024;
    expect(peakMiB(IN_FLIGHT_ROWS)).toBeGreaterThan(cap * 1.5);
    expect(peakMiB(LARGE_ROWS.min)).toBeGreaterThan(cap);
    expect(peakMiB(SMALL_ROWS.max)).toBeLessThan(cap / 2);
    expect(requiredLimitMiB(LARGE_ROWS.max)).toBeLessThanOrEqual(512);
  });
});

describe('compose file', () => {
  const compose = readFileSync(new URL('../../compose/celery-redis/docker-compose.yml', import.meta.url), 'utf8');
  it('publishes ports on loopback only and never mounts the docker socket', () => {
    const ports = [...compose.matchAll(/^\s+- "([^"]+:\d+)"$/gm)].map((m) => m[1]);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
    expect(compose).not.toContain('docker.sock');
  });
  it('gives the worker no restart policy', () => {
    expect(compose).not.toMatch(/restart:/);
  });
});
