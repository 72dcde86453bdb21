import { describe, expect, it } from 'vitest';
import { eventsFixture, fixedSnapshot, labBaseline, OUTAGE_EVENTS, viewFixture } from '../../fixtures/snapshots/lab.js';
import { accountExports, parkedBy } from '../../src/kits/celery-redis/account/account.js';
import type { LiveContainer } from '../../src/kits/celery-redis/observe/live-sample.js';
import { deliveriesByKind, runReferences, startsSinceUp } from '../../src/kits/celery-redis/observe/runs.js';
import { containerSignal, queueSignals } from '../../src/kits/celery-redis/status/signals.js';
import { stackSignals as thresholds } from '../../src/kits/celery-redis/status/thresholds.js';
import { judgeWebRedisUntouched } from '../../src/scenarios/worker-oom/criteria/index.js';
import { SPOILER } from '../../src/scenarios/worker-oom/report.js';

/**
 * `status` and `check` read one account of the same facts: starts since `up` (from the baseline's
 * StartedAt and Docker's start events, never RestartCount) and `unacked` by delivery.
 */
const baseline = labBaseline();
const references = runReferences(baseline);

/** A container as `status` reads it, from a recorded inspect and the events since `up`. */
function live(name: 'web' | 'worker', fixture: string, events: ReturnType<typeof eventsFixture>): LiveContainer {
  const view = viewFixture(name, fixture);
  const starts = startsSinceUp(view, references[name], events)!;
  return {
    name,
    exists: true,
    status: view.status!,
    running: view.running!,
    exitCode: view.exitCode!,
    startedAt: view.startedAt!,
    restartCount: view.restartCount!,
    startsSinceUp: starts,
    memoryLimitBytes: view.memoryBytes!,
  };
}

describe('starts since `up`: status says what check says', () => {
  it('after `docker restart web` (recorded, RestartCount still 0): status says it was started again, and check that it was restarted', () => {
    const web = live('web', 'web-restarted', eventsFixture('events-web-restart'));
    expect(web.restartCount).toBe(0);
    expect(containerSignal(web, Date.parse(web.startedAt!) + 120_000, thresholds).text).toMatch(/^up 2 min · started again once since `up` · /);
    const snapshot = fixedSnapshot();
    snapshot.containers.web = viewFixture('web', 'web-restarted');
    expect(judgeWebRedisUntouched(snapshot, baseline, { waited: false }).evidence[0]).toMatch(/^web was restarted: /);
  });

  it('web as `up` left it: not started again, in both views', () => {
    const web = live('web', 'web-running', []);
    expect(containerSignal(web, Date.parse(web.startedAt!) + 60_000, thresholds).text).toMatch(/· not started again since `up` ·/);
    expect(judgeWebRedisUntouched(fixedSnapshot(), baseline, { waited: false }).evidence[0]).toMatch(
      /^web: running since .* the same container .* and start as at `up`/,
    );
  });

  it('the worker started twice since the outage, OOM-killed once more in between (recorded, RestartCount 0): status counts both starts', () => {
    const events = eventsFixture('events-worker-oom-restart');
    const worker = live('worker', 'worker-updated-running', events);
    expect(worker.restartCount).toBe(0);
    expect(events.filter((event) => event.action === 'start').length).toBe(3); // the outage's own run, then two starts since
    expect(containerSignal(worker, Date.parse(worker.startedAt!) + 30_000, thresholds).text).toMatch(/^up 30 s · started again 2 times since `up` · /);
    // Between the two: exited from its second kill, one start since `up`.
    const dead = live(
      'worker',
      'worker-restarted-oom-again',
      events.slice(
        0,
        events.findIndex((e) => e.action === 'update'),
      ),
    );
    expect(containerSignal(dead, Date.now(), thresholds).text).toBe('exited (137) · started again once since `up` · limit 64 MiB');
    expect(startsSinceUp(viewFixture('worker', 'worker-oom-killed'), references.worker, OUTAGE_EVENTS)).toEqual({ starts: 0, recreated: false });
  });
});

describe('parked exports: status names them as check does', () => {
  it("sorts `unacked` by delivery exactly as check's account does, and says which run holds them", () => {
    const snapshot = fixedSnapshot();
    const account = accountExports(snapshot, baseline);
    const worker = snapshot.containers.worker;
    const kinds = deliveriesByKind(
      (snapshot.broker.unacked ?? []).map((job) => job.deliveredAt),
      baseline.worker.finishedAt,
      worker.running ? worker.startedAt : undefined,
    );
    expect(kinds).toEqual({
      outage: parkedBy(account.parked, 'outage').length,
      'ended-run': parkedBy(account.parked, 'ended-run').length,
      current: parkedBy(account.parked, 'current').length,
    });
    expect(kinds.outage).toBe(1);
  });

  it("an export parked by an earlier run, with a live worker beside it, is not the live worker's: status says it was taken by a run that ended", () => {
    const at = Date.parse('2026-12-06T14:30:00Z');
    const broker = {
      reachable: true,
      queueDepth: 10,
      unackedCount: 2,
      oldestExportId: null,
      consumers: ['celery@worker'],
      listenedMs: 5000,
      unackedBy: { outage: 0, 'ended-run': 1, current: 1 },
    };
    const sample = { at, containers: {} as never, broker, web: { reachable: false } };
    const unacked = queueSignals([sample], thresholds).find((signal) => signal.id === 'queue.unacked')!;
    expect(unacked.text).toBe("2 delivered, not acknowledged: 1 taken by a run of the worker that ended since, 1 in the running worker's hands");
    expect(unacked.level).not.toBe('OK');
  });

  it('the export parked at the outage reads without naming the cause: status shows it before any root cause is stated', () => {
    const broker = {
      reachable: true,
      queueDepth: 1500,
      unackedCount: 1,
      oldestExportId: null,
      consumers: [],
      listenedMs: 5000,
      unackedBy: { outage: 1, 'ended-run': 0, current: 0 },
    };
    const sample = { at: Date.parse('2026-12-06T14:30:00Z'), containers: {} as never, broker, web: { reachable: false } };
    const unacked = queueSignals([sample], thresholds).find((signal) => signal.id === 'queue.unacked')!;
    expect(unacked.text).toBe('1 delivered, not acknowledged: 1 held since the outage began');
    expect(SPOILER.test(unacked.text)).toBe(false);
  });
});
