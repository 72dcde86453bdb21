import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine, engineEvents, engineInspect } from '../../fixtures/engine-diff/engines.js';
import { fixedSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';
import { type InspectInfo, isLabContainer, publishedPort } from '../../src/docker/engine.js';
import type { WorkerEvent } from '../../src/kits/celery-redis/observe/snapshot.js';
import { containerEventFromDocker, containerViewFromInspect } from '../../src/observe/from-inspect.js';
import { MIB } from '../../src/project/names.js';
import { judgeWorkerHeadroom } from '../../src/scenarios/worker-oom/criteria/index.js';

// Real recordings of the lab on Engine 20.10 + Compose v1, Engine 26.1 + Compose v2 and Engine
// 28.5 + Compose 2.40 (fixtures/engine-diff/README.md): the same outage and the same fix, read by
// the lab's parsers.

const view = (engine: Engine, name: string) => containerViewFromInspect('worker', engineInspect(engine, name));
const events = (engine: Engine) =>
  engineEvents(engine, 'events-worker-api')
    .map(containerEventFromDocker)
    .filter((event): event is WorkerEvent => event !== undefined);

/** A snapshot of the fixed lab whose worker and events are the ones recorded on `engine`. */
function fixedOn(engine: Engine) {
  const outage = view(engine, 'worker-oom-killed');
  const worker = view(engine, 'worker-updated-running');
  const baseline = labBaseline();
  baseline.worker = {
    ...baseline.worker,
    id: outage.id!,
    finishedAt: outage.finishedAt!,
    exitCode: 137,
    oomKilled: true,
    memoryLimitBytes: outage.memoryBytes!,
  };
  const snapshot = fixedSnapshot();
  snapshot.containers.worker = worker;
  snapshot.workerEvents = events(engine);
  snapshot.takenAt = new Date(Date.parse(worker.startedAt!) + 45_000).toISOString();
  return { snapshot, baseline };
}

describe.each(ENGINES)('Engine %s: the outage as `up` leaves it', (engine) => {
  it('reads the worker as OOM-killed: exited 137, OOMKilled true, under its 160 MiB cap', () => {
    expect(view(engine, 'worker-oom-killed')).toMatchObject({
      exists: true,
      status: 'exited',
      running: false,
      exitCode: 137,
      oomKilled: true,
      restartCount: 0,
      memoryBytes: 160 * MIB,
      memorySwapBytes: 160 * MIB,
    });
  });

  it('reads a `docker start` with no change as killed again: a later StartedAt, OOMKilled true (26.1 sets it anew)', () => {
    const first = view(engine, 'worker-oom-killed');
    const again = view(engine, 'worker-restarted-oom-again');
    expect(again).toMatchObject({ id: first.id, status: 'exited', exitCode: 137, oomKilled: true, restartCount: 0 });
    expect(Date.parse(again.startedAt!)).toBeGreaterThan(Date.parse(first.startedAt!));
  });

  it('reads `docker restart web` as the same container started later, RestartCount still 0', () => {
    const before = containerViewFromInspect('web', engineInspect(engine, 'web-running'));
    const after = containerViewFromInspect('web', engineInspect(engine, 'web-restarted'));
    expect(after).toMatchObject({ id: before.id, running: true, restartCount: 0 });
    expect(Date.parse(after.startedAt!)).toBeGreaterThan(Date.parse(before.startedAt!));
  });

  it("knows the containers compose made as the lab's, and finds the web's port", () => {
    for (const name of ['worker-oom-killed', 'web-running']) {
      expect(isLabContainer(engineInspect(engine, name) as InspectInfo), name).toBe(true);
    }
    expect(publishedPort(engineInspect(engine, 'web-running') as InspectInfo, 8080)).toBe(8080);
  });
});

describe('the engines differ on OOMKilled after the fix (update + start of the same container)', () => {
  it('20.10 keeps OOMKilled true; 26.1 and 28.5 clear it; all read running, 512 MiB, the same container', () => {
    for (const engine of ENGINES) {
      const after = view(engine, 'worker-updated-running');
      expect(after.id).toBe(view(engine, 'worker-oom-killed').id);
      expect(after).toMatchObject({ status: 'running', running: true, exitCode: 0, memoryBytes: 512 * MIB, memorySwapBytes: 512 * MIB });
    }
    expect(view('20.10', 'worker-updated-running').oomKilled).toBe(true);
    expect(view('26.1', 'worker-updated-running').oomKilled).toBe(false);
    expect(view('28.5', 'worker-updated-running').oomKilled).toBe(false);
  });

  it.each(ENGINES)('criterion 4 passes on Engine %s all the same: it judges by status, StartedAt and events, not the flag', (engine) => {
    const { snapshot, baseline } = fixedOn(engine);
    const verdict = judgeWorkerHeadroom(snapshot, baseline, { waited: false });
    expect(verdict.passed, verdict.evidence.join('\n')).toBe(true);
    expect(verdict.evidence[0]).toMatch(/^worker: running since .*, the one from the outage$/);
    expect(verdict.evidence).toContain(
      `no OOM kill or exit since it was last started (at ${verdict.evidence[0]!.match(/since (\d\d:\d\d:\d\d UTC)/)![1]}, 45 s before this check)`,
    );
  });

  it('explains the stale flag only where the engine keeps it (20.10)', () => {
    const stale = (engine: Engine) => {
      const { snapshot, baseline } = fixedOn(engine);
      return judgeWorkerHeadroom(snapshot, baseline, { waited: false }).evidence.some((line) => line.startsWith('State.OOMKilled still reads true'));
    };
    expect(stale('20.10')).toBe(true);
    expect(stale('26.1')).toBe(false);
    expect(stale('28.5')).toBe(false);
  });
});

describe('Engine 28 sends `start` a second or two after the process started', () => {
  const lagMs = (engine: Engine) => {
    const started = ['worker-oom-killed', 'worker-restarted-oom-again', 'worker-updated-running'].map((name) => Date.parse(view(engine, name).startedAt!));
    const starts = events(engine)
      .filter((event) => event.action === 'start')
      .map((event) => Date.parse(event.time));
    return starts.map((at, i) => at - started[i]!);
  };

  it('on 20.10 and 26.1 the event and StartedAt agree to a few ms; on 28.5 the event comes later', () => {
    for (const engine of ['20.10', '26.1'] as const)
      expect(
        lagMs(engine).every((ms) => Math.abs(ms) < 50),
        `${engine}: ${lagMs(engine).join(', ')}`,
      ).toBe(true);
    expect(
      lagMs('28.5').every((ms) => ms > 500),
      lagMs('28.5').join(', '),
    ).toBe(true);
  });

  it('a check between the start and its late event still reads the running worker as started after its last death', () => {
    const { snapshot, baseline } = fixedOn('28.5');
    // The fix's start event has not arrived: the events end with the update.
    snapshot.workerEvents = snapshot.workerEvents.slice(0, snapshot.workerEvents.map((event) => event.action).lastIndexOf('start'));
    expect(snapshot.workerEvents.at(-1)?.action).toBe('update');
    const verdict = judgeWorkerHeadroom(snapshot, baseline, { waited: false });
    expect(verdict.passed, verdict.evidence.join('\n')).toBe(true);
    expect(verdict.evidence[0]).toMatch(/^worker: running since /);
  });
});
