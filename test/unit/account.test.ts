import { describe, expect, it } from 'vitest';
import { eventsFixture, labBaseline, unackedFixture, viewFixture } from '../../fixtures/snapshots/lab.js';
import { accountExports, parkedBy } from '../../src/kits/celery-redis/account/account.js';
import { parseUnacked } from '../../src/kits/celery-redis/broker/redis.js';
import type { Snapshot } from '../../src/kits/celery-redis/observe/snapshot.js';

/**
 * The account over real recordings of the most common learner path (fixtures/redis/capture-unacked.sh):
 * the outage, a bare `docker start worker` that died again on the next large export, then
 * `docker update --memory 512m --memory-swap 512m worker && docker start worker`, mid-drain.
 */
function recordedSnapshot(stage: 'after-outage' | 'after-bare-restart' | 'fixed-draining'): { snapshot: Snapshot; ids: string[] } {
  const { hash, index } = unackedFixture(stage);
  const unacked = parseUnacked(hash, index);
  const ids = unacked.map((job) => job.exportId);
  const snapshot: Snapshot = {
    takenAt: '2026-12-02T06:00:00.000Z',
    containers: {
      web: viewFixture('web', 'web-running'),
      redis: viewFixture('redis', 'redis-running'),
      worker: viewFixture('worker', `worker-${stage}`),
    },
    workerEvents: eventsFixture('events-worker-bare-restart-then-fix'),
    broker: {
      reachable: true,
      readAt: '2026-12-02T06:00:00.000Z',
      queuedIds: ids,
      queuedRows: Object.fromEntries(unacked.map((job) => [job.exportId, job.rows])),
      unacked,
    },
    web: {
      reachable: true,
      ledger: unacked.map((job) => ({ id: job.exportId, rows: job.rows, source: 'seed', acceptedAt: '2026-12-02T05:00:00.000Z', ready: false })),
    },
    drain: [],
  };
  return { snapshot, ids };
}

function baselineFor(snapshot: Snapshot) {
  const outage = viewFixture('worker', 'worker-after-outage');
  const baseline = labBaseline();
  return {
    ...baseline,
    worker: { ...baseline.worker, id: outage.id!, finishedAt: outage.finishedAt! },
    backlog: { ...baseline.backlog, inFlightId: snapshot.broker.unacked![0]!.exportId },
  };
}

describe('the export account, over recorded Redis replies and docker inspect/events', () => {
  it("parses kombu's unacked hash and index: export id, rows and delivery time", () => {
    const { hash, index } = unackedFixture('after-outage');
    const [job, ...rest] = parseUnacked(hash, index);
    expect(rest).toEqual([]);
    expect(job!.exportId).toMatch(/^7c9d/);
    expect(job!.rows).toBe(1_400_000);
    expect(job!.deliveredAt).toBe(new Date(Number(index[1]) * 1000).toISOString());
  });

  it("after the outage: the in-flight export is parked under the outage's kill", () => {
    const { snapshot } = recordedSnapshot('after-outage');
    const account = accountExports(snapshot, baselineFor(snapshot));
    expect(account.parked.map((item) => item.delivery)).toEqual(['outage']);
    expect(account.gone).toEqual([]);
  });

  it('after a bare restart died again: a second export parked under that run, ended by the OOM killer', () => {
    const { snapshot } = recordedSnapshot('after-bare-restart');
    const account = accountExports(snapshot, baselineFor(snapshot));
    expect(account.parked.map((item) => item.delivery)).toEqual(['outage', 'ended-run']);
    const [ended] = parkedBy(account.parked, 'ended-run');
    expect(ended!.oomKilled).toBe(true);
    expect(ended!.endedBy?.exitCode).toBe(137);
    expect(ended!.job.rows).toBeGreaterThanOrEqual(900_000);
  });

  it("mid-drain after the fix: outage, ended run, and the job in the running worker's hands", () => {
    const { snapshot } = recordedSnapshot('fixed-draining');
    const account = accountExports(snapshot, baselineFor(snapshot));
    expect(account.parked.map((item) => item.delivery)).toEqual(['outage', 'ended-run', 'current']);
    expect(account.gone).toEqual([]);
    expect(account.parked[0]!.returnsAt).toBe(new Date(Date.parse(account.parked[0]!.job.deliveredAt!) + 3_600_000).toISOString());
  });

  it('a worker waiting out its restart back-off holds nothing: its last delivery went to a run that ended', () => {
    const { snapshot } = recordedSnapshot('fixed-draining');
    // As Docker reports it then (fixtures/docker/worker-restarting.json): Running true, Status restarting.
    snapshot.containers.worker = { ...snapshot.containers.worker, status: 'restarting', running: true };
    const account = accountExports(snapshot, baselineFor(snapshot));
    expect(account.parked.map((item) => item.delivery)).toEqual(['outage', 'ended-run', 'ended-run']);
  });

  it('calls a job removed from unacked gone, with no slack', () => {
    const { snapshot, ids } = recordedSnapshot('fixed-draining');
    snapshot.broker.unacked = snapshot.broker.unacked!.filter((job) => job.exportId !== ids[1]);
    snapshot.broker.queuedIds = ids.filter((id) => id !== ids[1]);
    const account = accountExports(snapshot, baselineFor(snapshot));
    expect(account.gone.map((entry) => entry.id)).toEqual([ids[1]]);
  });
});
