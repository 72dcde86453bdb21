import { describe, expect, it } from 'vitest';
import { eventsFixture, inspectFixture } from '../../fixtures/snapshots/lab.js';
import { counterRate, duration } from '../../src/checks/rates.js';
import type { InspectInfo } from '../../src/docker/engine.js';
import type { MemoryReading } from '../../src/docker/stats.js';
import { liveContainer } from '../../src/kits/celery-redis/observe/live-probe.js';
import type { LiveContainer, LiveSample } from '../../src/kits/celery-redis/observe/live-sample.js';
import { startsSinceUp } from '../../src/kits/celery-redis/observe/runs.js';
import { containerSignal, evaluateSignals } from '../../src/kits/celery-redis/status/signals.js';
import { stackSignals as thresholds } from '../../src/kits/celery-redis/status/thresholds.js';
import { isoFromNanos } from '../../src/observe/from-inspect.js';

const MIB = 1024 * 1024;
const T0 = Date.parse('2026-12-02T06:20:00Z');
const up = (name: 'web' | 'redis' | 'worker', extra: Partial<LiveContainer> = {}): LiveContainer => ({
  name,
  exists: true,
  status: 'running',
  running: true,
  exitCode: 0,
  startedAt: new Date(T0 - 600_000).toISOString(),
  restartCount: 0,
  startsSinceUp: { starts: 0, recreated: false },
  memoryLimitBytes: 0,
  memoryUsedBytes: 40 * MIB,
  ...extra,
});
const deadWorker = up('worker', { status: 'exited', running: false, exitCode: 137, memoryLimitBytes: 160 * MIB, memoryUsedBytes: undefined });

/** A sample `seconds` after T0: the broken lab (dead worker, growing queue) unless overridden. */
function sample(
  seconds: number,
  over: { depth?: number; finished?: number; accepted202?: number; consumers?: string[]; unacked?: number; worker?: LiveContainer } = {},
): LiveSample {
  return {
    at: T0 + seconds * 1000,
    containers: { web: up('web'), redis: up('redis'), worker: over.worker ?? deadWorker },
    broker: {
      reachable: true,
      queueDepth: over.depth ?? 1490,
      unackedCount: over.unacked ?? 1,
      oldestExportId: 'a1',
      consumers: over.consumers ?? [],
      listenedMs: seconds * 1000 + 100,
    },
    web: {
      reachable: true,
      accepted: 1500,
      finished: over.finished ?? 3,
      accepted202: over.accepted202 ?? 10,
      oldestAcceptedAt: new Date(T0 - 900_000).toISOString(),
    },
  };
}
const levels = (samples: LiveSample[]) => Object.fromEntries(evaluateSignals(samples, thresholds)!.queue.map((s) => [s.id, s.level]));

describe('status signals', () => {
  it('the broken lab: every queue signal that would page does', () => {
    const result = evaluateSignals([sample(0), sample(30, { depth: 1500, accepted202: 20 })], thresholds)!;
    expect(result.containers.worker).toMatchObject({ level: 'PAGE', text: 'exited (137) · not started again since `up` · limit 160 MiB' });
    expect(result.containers.web.level).toBe('OK');
    const byId: Record<string, unknown> = Object.fromEntries(result.queue.map((s) => [s.id, s]));
    expect(byId['queue.depth']).toMatchObject({ level: 'PAGE', value: 1500 });
    expect(byId['queue.rate']).toMatchObject({ level: 'PAGE', value: 20, text: 'growing 20/min over the last 30 s' });
    expect(byId['queue.consumers']).toMatchObject({ level: 'PAGE', value: 0 });
    expect(byId['queue.oldest']).toMatchObject({ level: 'PAGE', text: 'waiting 16 min' });
    expect(byId['queue.unacked']).toMatchObject({ level: 'WARN', value: 1 });
    expect(byId['exports.finished']).toMatchObject({ level: 'PAGE', value: 0, text: 'none over the last 30 s' });
    expect(byId['web.accepted']).toMatchObject({ level: 'OK', value: 20, text: '20/min over the last 30 s' });
    expect(byId['queue.eta']).toMatchObject({ level: 'PAGE', text: 'never at this rate' });
  });

  it('a draining lab: a live consumer, exports finishing fast, an ETA in minutes', () => {
    const worker = up('worker', { memoryLimitBytes: 512 * MIB, memoryUsedBytes: 60 * MIB });
    const byId: Record<string, unknown> = Object.fromEntries(
      evaluateSignals(
        [
          sample(0, { depth: 1400, finished: 100, worker, consumers: ['worker@worker'] }),
          sample(10, { depth: 500, finished: 1000, worker, consumers: ['worker@worker'] }),
        ],
        thresholds,
      )!.queue.map((s) => [s.id, s]),
    );
    expect(byId['queue.rate']).toMatchObject({ level: 'OK', text: 'draining at 90/s over the last 10 s' });
    expect(byId['queue.consumers']).toMatchObject({ level: 'OK', value: 1, text: '1: worker@worker' });
    expect(byId['queue.unacked']).toMatchObject({ level: 'OK' });
    expect(byId['exports.finished']).toMatchObject({ level: 'OK', text: '90/s over the last 10 s' });
    expect(byId['queue.eta']).toMatchObject({ level: 'OK', text: 'about 6 s at 90/s' });
  });

  it('one reading: rates and the ETA are UNKNOWN, not guessed; a young subscription is still listening', () => {
    const one = levels([sample(1)]);
    expect(one['queue.rate']).toBe('UNKNOWN');
    expect(one['exports.finished']).toBe('UNKNOWN');
    expect(one['queue.eta']).toBe('UNKNOWN');
    expect(one['queue.consumers']).toBe('UNKNOWN');
  });

  it('an empty queue is OK whatever else is quiet', () => {
    const result = levels([sample(0, { depth: 0, unacked: 0 }), sample(5, { depth: 0, unacked: 0 })]);
    expect(result).toMatchObject({ 'queue.depth': 'OK', 'queue.consumers': 'OK', 'queue.oldest': 'OK', 'queue.eta': 'OK', 'exports.finished': 'OK' });
  });

  it('redis down pages on depth; the web down pages on 202s', () => {
    const broken: LiveSample = { ...sample(0), broker: { reachable: false, error: 'connection refused' }, web: { reachable: false, error: 'timeout' } };
    const result = levels([broken]);
    expect(result['queue.depth']).toBe('PAGE');
    expect(result['web.accepted']).toBe('PAGE');
  });

  it('memory near the limit warns, then pages', () => {
    expect(containerSignal(up('worker', { memoryLimitBytes: 100 * MIB, memoryUsedBytes: 85 * MIB }), T0, thresholds)).toMatchObject({
      level: 'WARN',
      text: 'up 10 min · not started again since `up` · 85 MiB of 100 MiB (85%)',
    });
    expect(containerSignal(up('worker', { memoryLimitBytes: 100 * MIB, memoryUsedBytes: 97 * MIB }), T0, thresholds).level).toBe('PAGE');
    expect(containerSignal({ name: 'web', exists: false }, T0, thresholds)).toMatchObject({ level: 'PAGE', text: 'absent' });
  });

  it('counter rates count from a reset counter, and durations read as said', () => {
    const at = (s: number, n: number) => ({ at: T0 + s * 1000, n });
    expect(counterRate([at(0, 50), at(30, 60)], (s) => s.n, 30_000)?.text).toBe('20/min over the last 30 s');
    expect(counterRate([at(0, 50), at(30, 5)], (s) => s.n, 30_000)?.perMinute).toBe(10);
    expect(counterRate([at(0, 1)], (s) => s.n, 30_000)).toBeNull();
    expect([duration(45), duration(180), duration(3900)]).toEqual(['45 s', '3 min', '1 h 5 min']);
  });
});

describe('status of a worker waiting out its restart back-off (recorded `docker inspect`)', () => {
  // Docker reports it Running (Status restarting, Restarting true, no process).
  const info = inspectFixture('worker-restarting') as InspectInfo;

  it('is not read as running, nor "up" since its last start', () => {
    const view = liveContainer('worker', info, { usedBytes: 12 * MIB, limitBytes: 64 * MIB } satisfies MemoryReading);
    expect(info.State.Running).toBe(true);
    expect(view.running).toBe(false);
    expect(view.memoryUsedBytes).toBeUndefined();
    const signal = containerSignal(view, Date.parse(info.State.FinishedAt) + 30_000, thresholds);
    expect(signal.text).toMatch(/^restarting \(137\)/);
    expect(signal.level).toBe('WARN');
  });

  it('counts every start Docker made since `up`, as check does, not at most one', () => {
    const view = liveContainer('worker', info, undefined);
    const events = eventsFixture('events-worker-restart-loop-update');
    const since = events.find((event) => event.action === 'die')!.time;
    const starts = events.filter((event) => event.action === 'start' && event.time > since).length;
    expect(starts).toBeGreaterThan(1);
    expect(startsSinceUp(view, { id: info.Id, since }, events)).toEqual({ starts, recreated: false });
  });

  it("does not count web's own start at `up` as a start since (Engine 28.5 sent its start event 0.93 s after its StartedAt)", () => {
    const startedAt = '2026-12-07T01:53:30.742931151Z';
    const view = { exists: true, id: 'web1', startedAt };
    const ownStart = { action: 'start', id: 'web1', time: isoFromNanos(1796608411676025630n) };
    expect(startsSinceUp(view, { id: 'web1', since: startedAt, startedAt }, [ownStart])).toEqual({ starts: 0, recreated: false });
    const again = { action: 'start', id: 'web1', time: '2026-12-07T01:58:00.100000000Z' };
    const restarted = { ...view, startedAt: '2026-12-07T01:58:00.000000000Z' };
    expect(startsSinceUp(restarted, { id: 'web1', since: startedAt, startedAt }, [ownStart, again])).toEqual({ starts: 1, recreated: false });
    // An engine that sends the event at once: two restarts are two, whether or not the own start's event is there.
    const twice = [{ ...again, time: '2026-12-07T01:57:00.100000000Z' }, again];
    expect(startsSinceUp(restarted, { id: 'web1', since: startedAt, startedAt }, twice)).toEqual({ starts: 2, recreated: false });
    expect(startsSinceUp(restarted, { id: 'web1', since: startedAt, startedAt }, [ownStart, ...twice])).toEqual({ starts: 2, recreated: false });
  });
});
