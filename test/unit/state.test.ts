import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../src/errors.js';
import { acquireLock } from '../../src/lab/lock.js';
import { readBaseline, requireBaseline, writeBaseline } from '../../src/lab/state.js';
import { stateDir } from '../../src/project/paths.js';
import { catalog } from '../../src/scenarios/index.js';
import type { Baseline } from '../../src/scenarios/worker-oom/baseline.js';
import { workerOom } from '../../src/scenarios/worker-oom/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'aol-state-'));
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');

const sampleBaseline: Baseline = {
  kind: 'async-outage-lab/baseline',
  version: 1,
  createdAt: '2026-11-24T04:00:00.000Z',
  sitePort: 8080,
  trafficIntervalMs: 3000,
  labToken: 'token',
  web: { id: 'w'.repeat(64), startedAt: '2026-11-24T03:59:50.000Z', restartCount: 0 },
  redis: { id: 'r'.repeat(64), runId: 'abc', startedAt: '2026-11-24T03:59:49.000Z', password: 'p'.repeat(48) },
  worker: { id: 'k'.repeat(64), finishedAt: '2026-11-24T03:59:59.000Z', exitCode: 137, oomKilled: true, memoryLimitBytes: 167772160 },
  backlog: {
    seededIds: ['a', 'b'],
    inFlightId: '7c9d-x',
    inFlightLostAtOutage: false,
    inFlightRows: 1400000,
    largestWaitingRows: 1200000,
    largeIds: ['b'],
    depthAtHandover: 1483,
    seedMs: 120,
  },
};

describe('baseline state file', () => {
  it('round-trips through an atomic write', () => {
    const path = join(dir(), 'nested', 'baseline.json');
    writeBaseline(sampleBaseline, path);
    expect(readBaseline(catalog, path)).toEqual({ kind: 'ok', baseline: sampleBaseline, scenario: workerOom });
    expect(existsSync(`${path}.${process.pid}.tmp`)).toBe(false);
  });

  it('reports a missing file as "not up" with exit code 3 and the up hint', () => {
    const path = join(dir(), 'baseline.json');
    expect(readBaseline(catalog, path)).toEqual({ kind: 'missing' });
    try {
      requireBaseline(catalog, path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LabError);
      expect((error as LabError).exitCode).toBe(3);
      expect((error as LabError).hint).toContain('async-outage-lab up');
    }
  });

  it('reports truncated JSON as corrupt and suggests reset', () => {
    const path = join(dir(), 'baseline.json');
    writeFileSync(path, JSON.stringify(sampleBaseline).slice(0, 40));
    expect(readBaseline(catalog, path)).toMatchObject({ kind: 'corrupt', reason: 'it is not valid JSON' });
    expect(() => requireBaseline(catalog, path)).toThrow(/unusable/);
    try {
      requireBaseline(catalog, path);
    } catch (error) {
      expect((error as LabError).hint).toContain('reset');
    }
  });

  it('reads the outage a state file names, and one that names none as the default (a lab staged before outages were named)', () => {
    const path = join(dir(), 'baseline.json');
    writeBaseline({ ...sampleBaseline, scenario: 'worker-oom' }, path);
    expect(readBaseline(catalog, path)).toMatchObject({ kind: 'ok', scenario: { id: 'worker-oom' }, baseline: { scenario: 'worker-oom' } });
    writeBaseline(sampleBaseline, path);
    expect(readBaseline(catalog, path)).toMatchObject({ kind: 'ok', scenario: { id: catalog.find(undefined)!.id } });
  });

  it('refuses a state file naming an outage this version does not know, listing the ones it knows', () => {
    const path = join(dir(), 'baseline.json');
    writeFileSync(path, JSON.stringify({ ...sampleBaseline, scenario: 'no-such-outage' }));
    const read = readBaseline(catalog, path);
    expect(read.kind === 'corrupt' && read.reason).toMatch(/no-such-outage; it knows worker-oom/);
  });

  it('reads the state file each outage wrote before the port and the traffic were renamed, and writes it back in the new names', () => {
    const recordedFiles = [
      { id: 'worker-oom', file: 'debrief/baseline-solved.json', baseline: (json: unknown) => json },
      { id: 'redis-eviction', file: 'redis-eviction/broken/baseline.json', baseline: (json: unknown) => json },
      { id: 'partitioned-worker', file: 'partitioned-worker/snapshots/partitioned-at-handover/baseline.json', baseline: (json: unknown) => json },
      { id: 'poison-loop', file: 'poison-loop/snapshots/broken-looping.json', baseline: (json: unknown) => (json as { baseline: unknown }).baseline },
    ];
    for (const { id, file, baseline } of recordedFiles) {
      const earlier = baseline(JSON.parse(readFileSync(join(fixtures, file), 'utf8'))) as Record<string, unknown>;
      expect(earlier).toMatchObject({ webPort: 8080, customerIntervalMs: 3000 });
      expect(earlier).not.toHaveProperty('sitePort');
      const path = join(dir(), 'baseline.json');
      writeFileSync(path, JSON.stringify({ ...earlier, scenario: id }));
      const read = readBaseline(catalog, path);
      expect(read).toMatchObject({ kind: 'ok', scenario: { id }, baseline: { sitePort: 8080, trafficIntervalMs: 3000 } });
      if (read.kind !== 'ok') continue;
      expect(read.baseline).not.toHaveProperty('webPort');
      writeBaseline(read.baseline, path);
      const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      expect(written).toMatchObject({ sitePort: 8080, trafficIntervalMs: 3000 });
      expect(Object.keys(written)).not.toContain('customerIntervalMs');
    }
  });

  it('reads the new key when a state file holds both, and refuses an earlier file whose port is broken', () => {
    const path = join(dir(), 'baseline.json');
    const { sitePort: _port, trafficIntervalMs: _interval, ...rest } = sampleBaseline;
    writeFileSync(path, JSON.stringify({ ...rest, webPort: 9000, sitePort: 8090, customerIntervalMs: 0, trafficIntervalMs: 500 }));
    expect(readBaseline(catalog, path)).toMatchObject({ kind: 'ok', baseline: { sitePort: 8090, trafficIntervalMs: 500 } });
    writeFileSync(path, JSON.stringify({ ...rest, webPort: 'eighty', customerIntervalMs: 3000 }));
    const read = readBaseline(catalog, path);
    expect(read.kind === 'corrupt' && read.reason).toMatch(/^it is not this lab's state \(sitePort: /);
    expect(() => requireBaseline(catalog, path)).toThrow(/state file .* is unusable/);
    writeFileSync(path, JSON.stringify(rest));
    expect(readBaseline(catalog, path)).toMatchObject({ kind: 'corrupt', reason: expect.stringMatching(/\(sitePort: /) });
  });

  it("reports another program's JSON as foreign, naming the field", () => {
    const path = join(dir(), 'baseline.json');
    writeFileSync(path, JSON.stringify({ name: 'something else' }));
    const read = readBaseline(catalog, path);
    expect(read.kind).toBe('corrupt');
    expect(read.kind === 'corrupt' && read.reason).toMatch(/not this lab's state \(kind/);
  });
});

describe('lock', () => {
  it('refuses a second holder while the first is alive, and frees on release', () => {
    const path = join(dir(), 'lock');
    const release = acquireLock(path, 'up');
    writeFileSync(path, JSON.stringify({ pid: process.ppid, command: 'reset' }));
    expect(() => acquireLock(path, 'up')).toThrow(/Another `async-outage-lab reset` is running/);
    release();
    expect(existsSync(path)).toBe(false);
    acquireLock(path, 'up')();
  });

  it('takes over a lock whose owner is gone (an interrupted run)', () => {
    const path = join(dir(), 'lock');
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, command: 'up' }));
    const release = acquireLock(path, 'reset');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'reset' });
    release();
  });

  it('takes over an unreadable lock file', () => {
    const path = join(dir(), 'lock');
    writeFileSync(path, 'garbage{');
    acquireLock(path, 'up')();
  });
});

describe('state directory', () => {
  it('follows XDG on Linux, the platform convention elsewhere, and the override first', () => {
    expect(stateDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.local/state/async-outage-lab');
    expect(stateDir({ HOME: '/home/a', XDG_STATE_HOME: '/x' }, 'linux')).toBe('/x/async-outage-lab');
    expect(stateDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Application Support/async-outage-lab');
    expect(stateDir({ HOME: '/h', ASYNC_OUTAGE_LAB_HOME: '/tmp/lab' }, 'linux')).toBe('/tmp/lab');
  });
});

describe('an unwritable state directory', () => {
  it('is an environment error that names the fix, for the state file and for the lock', () => {
    const file = join(dir(), 'not-a-dir');
    writeFileSync(file, 'x');
    for (const attempt of [() => writeBaseline(sampleBaseline, join(file, 'baseline.json')), () => acquireLock(join(file, 'lock'), 'up')]) {
      try {
        attempt();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(LabError);
        expect((error as LabError).exitCode).toBe(3);
        expect((error as LabError).hint).toContain('ASYNC_OUTAGE_LAB_HOME');
      }
    }
  });
});
