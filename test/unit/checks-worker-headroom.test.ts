import { describe, expect, it } from 'vitest';
import { brokenSnapshot, eventsFixture, fixedSnapshot, inspectFixture, labBaseline, PLAN, viewFixture } from '../../fixtures/snapshots/lab.js';
import type { Snapshot } from '../../src/kits/celery-redis/observe/snapshot.js';
import { containerViewFromInspect } from '../../src/observe/from-inspect.js';
import { MIB } from '../../src/project/names.js';
import { effectiveMemoryLimit } from '../../src/scenarios/worker-oom/criteria/facts.js';
import { judgeWorkerHeadroom } from '../../src/scenarios/worker-oom/criteria/index.js';
import { requiredLimitMiB } from '../../src/scenarios/worker-oom/figures.js';
import { checkFigures } from '../../src/scenarios/worker-oom/report.js';

const baseline = labBaseline();
const judgeOf = (snapshot: Snapshot) => judgeWorkerHeadroom(snapshot, baseline, { waited: false });
const largestQueued = (snapshot: Snapshot) => Math.max(...Object.values(snapshot.broker.queuedRows ?? {}));
const recorded = eventsFixture('events-worker-oom-restart');

describe('worker-headroom', () => {
  it('passes after `docker update --memory 512m --memory-swap 512m` + `docker start` (recorded), and explains the stale OOMKilled', () => {
    const snapshot = fixedSnapshot();
    const rows = largestQueued(snapshot);
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toEqual([
      'worker: running since 04:26:24 UTC, 45 s before this check, container dfe93883e12c, the one from the outage',
      `a memory limit of 512 MiB (the kernel's cgroup) ≥ ${requiredLimitMiB(rows)} MiB needed by the largest export Redis still holds, queued or unacked (${rows.toLocaleString('en-US')} rows)`,
      'no OOM kill or exit since it was last started (at 04:26:24 UTC, 45 s before this check)',
      'since the outage it has been OOM-killed once more: each death left the export in hand in `unacked`',
      'its limit was updated at 04:26:24 UTC, 46 s before this check, after the last death (at 04:26:22 UTC, 48 s before this check): that death came before the update, under the old limit; the run since has had the new limit',
      'State.OOMKilled still reads true: Docker Engine 20.10 keeps the flag from the earlier kill after a restart, so it says nothing about now',
    ]);
  });

  it('passes for a worker recreated with more memory (recorded: a new id)', () => {
    const snapshot = fixedSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-recreated-running');
    snapshot.workerEvents = [...recorded.slice(0, 4), ...eventsFixture('events-worker-recreated')];
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[0]).toBe(
      'worker: running since 04:26:26 UTC, 43 s before this check, container 50ede5e9a848, created since the outage (that one was dfe93883e12c)',
    );
    expect(verdict.evidence[1]).toMatch(/^a memory limit of 512 MiB \(HostConfig\) ≥ /);
  });

  it('passes with no memory limit at all', () => {
    const snapshot = fixedSnapshot();
    snapshot.containers.worker = { ...snapshot.containers.worker, cgroupLimitBytes: 0, memoryBytes: 0, memorySwapBytes: 0 };
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[1]).toMatch(/^no memory limit \(cgroup\) ≥ /);
  });

  it('fails on the dead container from the outage: an exited container stays exited', () => {
    const verdict = judgeOf(brokenSnapshot());
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('worker: exited (137) since 04:26:20 UTC, 49 s before this check: the container from the outage, not started since');
    expect(verdict.evidence[1]).toMatch(/^a memory limit of 64 MiB \(HostConfig\) < \d+ MiB needed by the largest export Redis still holds, queued or unacked/);
    expect(verdict.hint).toContain('stays exited');
    expect(verdict.hint).toContain('`docker ps -a`');
    expect(verdict.hint).not.toMatch(/docker (start|update)|512m/);
  });

  it('fails when it was started without more memory and the kernel killed it again (recorded)', () => {
    const snapshot = brokenSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-restarted-oom-again');
    snapshot.workerEvents = recorded.slice(0, 7);
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe(
      'worker: started again at 04:26:22 UTC, 48 s before this check (container dfe93883e12c, the one from the outage), then OOM-killed at 04:26:22 UTC, 48 s before this check',
    );
    expect(verdict.evidence[1]).toBe('now: exited (137)');
    expect(verdict.hint).toContain('died again');
    expect(verdict.hint).toContain('docker events --filter container=worker');
    expect(verdict.hint).toContain('with what the exports still waiting in the backlog need');
  });

  it('fails when it runs but its limit is below what the largest waiting export needs (recorded 160 MiB cap)', () => {
    const snapshot = fixedSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-running-low-limit', 'worker-running-low-cgroup-limit');
    const rows = largestQueued(snapshot);
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[1]).toBe(
      `a memory limit of 160 MiB (the kernel's cgroup) < ${requiredLimitMiB(rows)} MiB needed by the largest export Redis still holds, queued or unacked (${rows.toLocaleString('en-US')} rows)`,
    );
    expect(verdict.hint).toContain('it will be killed again when it gets there');
  });

  it('fails when there is no worker container', () => {
    const snapshot = brokenSnapshot();
    snapshot.containers.worker = containerViewFromInspect('worker', inspectFixture('missing.stdout'));
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('no container named worker exists');
    expect(verdict.hint).toContain('nothing will ever consume the queue');
  });

  it('fails for a worker started and then stopped cleanly (recorded exit 0)', () => {
    const snapshot = brokenSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-stopped-cleanly');
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toMatch(/then exited \(0\) at /);
    expect(verdict.hint).toContain('stopped in an orderly way');
  });

  it('fails for a worker that crashed with an error (recorded exit 1)', () => {
    const snapshot = brokenSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-crashed');
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toMatch(/then exited \(1\) at /);
    expect(verdict.hint).toContain('exited with code 1: an error of its own');
  });

  it('fails when the worker stopped running during the drain window', () => {
    const snapshot = fixedSnapshot();
    const last = snapshot.drain.at(-1)!;
    last.workerStatus = 'exited';
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[1]).toBe('now: exited (it stopped running during this check)');
    // The figures under the report say the same, not the earlier `running` of docker inspect.
    expect(checkFigures(snapshot, baseline).workerStatus).toBe('exited (during this check)');
    expect(checkFigures(fixedSnapshot(), baseline).workerStatus).toBe('running');
  });

  it("asks only for an idle worker's memory once nothing is queued", () => {
    const snapshot = fixedSnapshot();
    snapshot.broker.queuedRows = {};
    snapshot.broker.queuedIds = [];
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[1]).toBe(
      `a memory limit of 512 MiB (the kernel's cgroup) ≥ ${requiredLimitMiB(0)} MiB needed by an idle worker (the queue holds no export now, so no large one either)`,
    );
  });

  it('says when no large export is left in the queue', () => {
    const snapshot = fixedSnapshot();
    snapshot.broker.queuedRows = { a: 4200, b: 180 };
    expect(judgeOf(snapshot).evidence[1]).toContain('the largest export Redis still holds, queued or unacked (4,200 rows; no large export is left)');
  });

  it('falls back to the largest export left at the outage when Redis cannot be read', () => {
    const snapshot = fixedSnapshot();
    snapshot.broker = { reachable: false, error: 'timeout' };
    expect(judgeOf(snapshot).evidence[1]).toContain(
      `${requiredLimitMiB(PLAN.largestWaitingRows)} MiB needed by the largest export left waiting at the outage (${PLAN.largestWaitingRows.toLocaleString('en-US')} rows; Redis could not be read now)`,
    );
  });
});

describe('effectiveMemoryLimit', () => {
  const worker = viewFixture('worker', 'worker-oom-killed');
  it('prefers the cgroup reading, and reads its "no limit" figure as none', () => {
    expect(effectiveMemoryLimit({ ...worker, cgroupLimitBytes: 300 * MIB })).toEqual({ bytes: 300 * MIB, source: 'cgroup' });
    expect(effectiveMemoryLimit({ ...worker, cgroupLimitBytes: 2 ** 63 - 4096 } /* cgroup v1 "no limit", 9223372036854771712 */)).toEqual({ source: 'cgroup' });
    expect(effectiveMemoryLimit({ ...worker, cgroupLimitBytes: 0 })).toEqual({ source: 'cgroup' });
  });
  it('otherwise takes the smaller of Memory and MemorySwap, with 0 and -1 meaning none', () => {
    expect(effectiveMemoryLimit(worker)).toEqual({ bytes: 64 * MIB, source: 'HostConfig' });
    expect(effectiveMemoryLimit({ ...worker, memoryBytes: 512 * MIB, memorySwapBytes: 256 * MIB })).toEqual({ bytes: 256 * MIB, source: 'HostConfig' });
    expect(effectiveMemoryLimit({ ...worker, memoryBytes: 512 * MIB, memorySwapBytes: -1 })).toEqual({ bytes: 512 * MIB, source: 'HostConfig' });
    expect(effectiveMemoryLimit({ ...worker, memoryBytes: 0, memorySwapBytes: 0 })).toEqual({ source: 'HostConfig' });
  });
});

describe('worker-headroom on mid-drain events (recorded: fixtures/docker/capture-mid-drain.sh)', () => {
  it('passes after `docker restart worker` mid-drain, and says the restart lost nothing', () => {
    const snapshot = fixedSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-fixed-restarted', 'worker-updated-cgroup-limit');
    snapshot.workerEvents = eventsFixture('events-worker-fixed-restarted');
    const verdict = judgeWorkerHeadroom(snapshot, labBaseline(), { waited: false });
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence.join('\n')).toMatch(/before that it was stopped by Docker at .* \(exit 0, no OOM kill\)/);
  });

  it('fails after `docker kill worker` mid-drain, and names the kill, not the memory', () => {
    const snapshot = fixedSnapshot();
    snapshot.containers.worker = viewFixture('worker', 'worker-fixed-killed');
    snapshot.workerEvents = eventsFixture('events-worker-fixed-killed');
    const verdict = judgeWorkerHeadroom(snapshot, labBaseline(), { waited: false });
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.join('\n')).toMatch(/Docker sent it signal 9 at .* \(SIGKILL: `docker kill`\), and no OOM kill came before its exit/);
    expect(verdict.hint).toContain('a docker command ended the worker');
  });
});

describe("worker-headroom counts only deaths after the outage's own", () => {
  it("does not count the outage's oom event when it lands just after FinishedAt", () => {
    const snapshot = fixedSnapshot();
    const finished = labBaseline().worker.finishedAt;
    const outageOom = snapshot.workerEvents.find((event) => event.action === 'oom')!;
    outageOom.time = new Date(Date.parse(finished) + 1).toISOString();
    const verdict = judgeWorkerHeadroom(snapshot, labBaseline(), { waited: false });
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain('since the outage it has been OOM-killed once more: each death left the export in hand in `unacked`');
  });
});
