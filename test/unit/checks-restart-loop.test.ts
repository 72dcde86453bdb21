import { describe, expect, it } from 'vitest';
import { eventsFixture, fixedSnapshot, labBaseline, viewFixture } from '../../fixtures/snapshots/lab.js';
import { runsOrIsRestarting } from '../../src/kits/celery-redis/observe/observe.js';
import type { DrainSample, Snapshot } from '../../src/kits/celery-redis/observe/snapshot.js';
import { stoppedDuringCheck } from '../../src/scenarios/worker-oom/criteria/facts.js';
import { judgeWorkerHeadroom } from '../../src/scenarios/worker-oom/criteria/index.js';
import { deathsAroundUpdate } from '../../src/scenarios/worker-oom/criteria/update-order.js';

/**
 * A worker crash-looping under `--restart=on-failure` at a cap too low, then given 512 MiB with
 * `docker update` right after a death (recorded on Engine 20.10: die, start, update; the earlier
 * recording of a learner's own start: die, update, start).
 */
const baseline = labBaseline();
const loop = eventsFixture('events-worker-restart-loop-update');
const TAKEN_AT = new Date(Date.parse(loop.at(-1)!.time) + 20_000).toISOString();
const sample = (workerStatus: string, at: number, queueDepth = 900): DrainSample => ({ at, queueDepth, ready: 100, workerStatus, inHand: 0 });

function loopSnapshot(drain: DrainSample[]): Snapshot {
  const snapshot = fixedSnapshot();
  snapshot.takenAt = TAKEN_AT;
  snapshot.containers.worker = viewFixture('worker', 'worker-restart-loop-running');
  snapshot.workerEvents = loop;
  snapshot.drain = drain;
  return snapshot;
}

describe('check --wait and a worker Docker is restarting', () => {
  const t = Date.parse(TAKEN_AT);
  it('recorded: Docker reports a worker between two runs of its restart policy as restarting, and Running true', () => {
    const view = viewFixture('worker', 'worker-restarting');
    expect(view).toMatchObject({ status: 'restarting', running: true, exitCode: 137 });
  });

  it('follows a restarting worker until it runs, then the drain as long as it runs', () => {
    expect(runsOrIsRestarting(sample('restarting', t), [sample('restarting', t)])).toBe(true);
    const ran = [sample('restarting', t), sample('running', t + 1000)];
    expect(runsOrIsRestarting(ran[1]!, ran)).toBe(true);
  });

  it('stops when a worker that ran during the wait goes down again, or was never coming back', () => {
    const died = [sample('restarting', t), sample('running', t + 1000), sample('restarting', t + 2000)];
    expect(runsOrIsRestarting(died[2]!, died)).toBe(false);
    expect(runsOrIsRestarting(sample('exited', t), [sample('exited', t)])).toBe(false);
  });

  it('a reading that could not read Docker neither ends the follow nor counts as the worker stopping', () => {
    const { workerStatus: _unread, ...unread } = sample('running', t + 1000);
    const seen = [sample('running', t), unread];
    expect(runsOrIsRestarting(unread, seen)).toBe(true);
    const running = { ...viewFixture('worker', 'worker-restart-loop-running'), running: true };
    expect(stoppedDuringCheck(running, seen)).toBeUndefined();
    expect(stoppedDuringCheck(running, [sample('exited', t), unread])).toBe('exited');
  });
});

describe('the report orders the memory update and the deaths', () => {
  it('finds the update after the last death in the recording', () => {
    const { update, before, after } = deathsAroundUpdate(loop);
    expect(update).toBeDefined();
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(after).toEqual([]);
  });

  it('a check that saw the worker restarting says the death came before the update, not that the update failed', () => {
    const verdict = judgeWorkerHeadroom(loopSnapshot([sample('restarting', Date.parse(TAKEN_AT))]), baseline, { waited: true });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.join('\n')).toMatch(/Docker starts it again under its restart policy/);
    expect(verdict.evidence.join('\n')).toMatch(
      /its limit was updated at [^,]+, .* after the last death \(at .*\): that death came before the update, under the old limit/,
    );
  });

  it('once --wait has followed it into a run under the new limit, it passes and still puts the deaths before the update', () => {
    const t = Date.parse(TAKEN_AT);
    const verdict = judgeWorkerHeadroom(
      loopSnapshot([sample('restarting', t - 3000), sample('running', t - 2000, 800), sample('running', t - 1000, 700)]),
      baseline,
      { waited: true },
    );
    expect(verdict.passed, verdict.evidence.join('\n')).toBe(true);
    expect(verdict.evidence.join('\n')).toMatch(/OOM-killed \d+ more times \(Docker restarted it 4 × under its restart policy\)/);
    expect(verdict.evidence.join('\n')).toMatch(/that death came before the update, under the old limit; the run since has had the new limit/);
  });

  it("a learner's own update and start after a death (recorded): the start came after the update", () => {
    const recorded = eventsFixture('events-worker-oom-restart');
    const upToUpdate = recorded.slice(0, recorded.findIndex((event) => event.action === 'update') + 1);
    const snapshot = fixedSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-restarted-oom-again');
    snapshot.workerEvents = upToUpdate;
    snapshot.drain = [];
    const verdict = judgeWorkerHeadroom(snapshot, baseline, { waited: false });
    expect(verdict.evidence.join('\n')).toMatch(/that death came before the update, under the old limit, and the worker has not run under the new one yet/);
  });
});
