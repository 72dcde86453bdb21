import { describe, expect, it } from 'vitest';
import { eventsFixture, inspectFixture, rawEvents } from '../../fixtures/snapshots/lab.js';
import { containerEventFromDocker, containerViewFromInspect, isoFromNanos, nanosOf } from '../../src/observe/from-inspect.js';
import { MIB } from '../../src/project/names.js';

// All inputs are real recordings from Docker Engine 20.10 (see fixtures/docker/README.md).

describe('containerViewFromInspect on recorded `docker inspect` output', () => {
  it('reads the real OOM kill: exited 137, OOMKilled, the 64 MiB cap', () => {
    const view = containerViewFromInspect('worker', inspectFixture('worker-oom-killed'));
    expect(view).toEqual({
      name: 'worker',
      exists: true,
      id: 'dfe93883e12c3aa28609c5e1aff149efe3e2c53b674081f224cad92ee0bb7804',
      status: 'exited',
      running: false,
      exitCode: 137,
      oomKilled: true,
      startedAt: '2026-11-24T04:26:20.76022934Z',
      finishedAt: '2026-11-24T04:26:20.853237125Z',
      restartCount: 0,
      memoryBytes: 64 * MIB,
      memorySwapBytes: 64 * MIB,
      labels: { 'io.async-outage-lab.fixture': 'true', 'io.async-outage-lab.role': 'worker' },
    });
  });

  it('reads the same container after update + start: running, 512 MiB, OOMKilled still true on Engine 20.10', () => {
    const view = containerViewFromInspect('worker', inspectFixture('worker-updated-running'));
    expect(view.id).toBe(containerViewFromInspect('worker', inspectFixture('worker-oom-killed')).id);
    expect(view).toMatchObject({ status: 'running', running: true, exitCode: 0, oomKilled: true, memoryBytes: 512 * MIB, memorySwapBytes: 512 * MIB });
    expect(view.finishedAt).toBe('2026-11-24T04:26:22.387071091Z');
  });

  it("leaves out Docker's zero time for a container that never finished", () => {
    const view = containerViewFromInspect('worker', inspectFixture('worker-recreated-running'));
    expect(view.finishedAt).toBeUndefined();
    expect(view.startedAt).toBe('2026-11-24T04:26:26.624250574Z');
  });

  it('reads a clean stop (exit 0) and a crash (exit 1)', () => {
    expect(containerViewFromInspect('worker', inspectFixture('worker-stopped-cleanly'))).toMatchObject({ status: 'exited', exitCode: 0, oomKilled: false });
    expect(containerViewFromInspect('worker', inspectFixture('worker-crashed'))).toMatchObject({ status: 'exited', exitCode: 1, oomKilled: false });
  });

  it('reads a container with no memory limit as 0 / 0', () => {
    expect(containerViewFromInspect('web', inspectFixture('web-running'))).toMatchObject({ running: true, memoryBytes: 0, memorySwapBytes: 0 });
  });

  it("takes the CLI's one-element array as well as the API object", () => {
    const object = inspectFixture('redis-running');
    expect(containerViewFromInspect('redis', [object])).toEqual(containerViewFromInspect('redis', object));
  });

  it('says a missing container does not exist: undefined, `[]` (what `docker inspect` printed), junk', () => {
    expect(containerViewFromInspect('worker', undefined)).toEqual({ name: 'worker', exists: false });
    expect(containerViewFromInspect('worker', inspectFixture('missing.stdout'))).toEqual({ name: 'worker', exists: false });
    expect(containerViewFromInspect('worker', { State: {} })).toEqual({ name: 'worker', exists: false });
  });
});

describe('containerEventFromDocker on recorded events', () => {
  it('turns the recorded OOM, restart, update and start into events, in order', () => {
    const events = eventsFixture('events-worker-oom-restart');
    expect(events.map((event) => event.action)).toEqual([
      'create',
      'start',
      'oom',
      'die',
      'start',
      'oom',
      'die',
      'update',
      'start',
      'exec_create',
      'exec_start',
      'exec_die',
    ]);
    expect(events.filter((event) => event.action === 'die').map((event) => event.exitCode)).toEqual([137, 137]);
    expect(new Set(events.map((event) => event.id))).toEqual(new Set(['dfe93883e12c3aa28609c5e1aff149efe3e2c53b674081f224cad92ee0bb7804']));
    expect(events[0]).toMatchObject({ name: 'aolfx-worker' });
  });

  it('keeps nanoseconds from timeNano so event times compare with StartedAt', () => {
    const [create] = rawEvents('events-worker-oom-restart') as Array<{ timeNano: number }>;
    const event = containerEventFromDocker(create);
    expect(event?.time).toMatch(/^2026-11-24T04:26:20\.48357\d{4}Z$/);
  });

  it("does not read an exec's exit code as the container's", () => {
    const execDie = eventsFixture('events-worker-oom-restart').find((event) => event.action === 'exec_die');
    expect(execDie?.exitCode).toBeUndefined();
  });

  it('reads the signals of `docker restart`: SIGTERM, then SIGKILL after the grace period', () => {
    const kills = eventsFixture('events-web-restart').filter((event) => event.action === 'kill');
    expect(kills.map((event) => event.signal)).toEqual([15, 9]);
  });

  it('falls back to `time` and `status` (older API versions) and skips what is not a container event', () => {
    expect(containerEventFromDocker({ status: 'die', id: 'abc', time: 1795494380 })).toEqual({ time: '2026-11-24T04:26:20.000Z', action: 'die', id: 'abc' });
    expect(containerEventFromDocker({ Type: 'network', Action: 'connect', time: 1 })).toBeUndefined();
    expect(containerEventFromDocker({ Action: 'start' })).toBeUndefined();
    expect(containerEventFromDocker('nonsense')).toBeUndefined();
  });
});

describe('Docker times', () => {
  it('compares nine-digit and shorter fractions exactly', () => {
    expect(nanosOf('2026-11-24T04:26:20.76022934Z')).toBe(1795494380760229340n);
    expect(nanosOf('2026-11-24T04:26:20Z')).toBe(1795494380000000000n);
    expect(nanosOf(isoFromNanos(1795494380766502671n))).toBe(1795494380766502671n);
    expect(nanosOf('not a time')).toBeUndefined();
  });
});
