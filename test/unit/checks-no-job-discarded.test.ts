import { describe, expect, it } from 'vitest';
import { judgeNoJobDiscarded } from '../../src/checks/index.js';
import type { Snapshot } from '../../src/observe/snapshot.js';
import {
  CUSTOMER_EXPORTS,
  PLAN,
  READ_AT,
  brokenSnapshot,
  commandCallsFixture,
  fixedSnapshot,
  labBaseline,
  runIdFixture,
} from '../../fixtures/snapshots/lab.js';

const baseline = labBaseline();
const judgeOf = (snapshot: Snapshot) => judgeNoJobDiscarded(snapshot, baseline, { waited: false });
const dropFromRedis = (snapshot: Snapshot, ids: string[]) => {
  const gone = new Set(ids);
  snapshot.broker.queuedIds = snapshot.broker.queuedIds?.filter((id) => !gone.has(id));
  for (const id of ids) delete snapshot.broker.queuedRows?.[id];
};

describe('no-job-discarded', () => {
  it('passes on the broken lab: 3 finished, the rest held by Redis (the 7c9d export in unacked), with the lesson', () => {
    const verdict = judgeOf(brokenSnapshot());
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toEqual([
      '1,503 accepted exports in the ledger: 3 finished, 1,500 still in Redis',
      'Redis has run no FLUSHALL or FLUSHDB since it started',
    ]);
    expect(verdict.lesson).toContain(`Export ${PLAN.inFlightId.slice(0, 8)}… (1,400,000 rows)`);
    expect(verdict.lesson).toContain('`unacked`');
    expect(verdict.lesson).toContain('visibility timeout');
  });

  it('passes while the worker drains: finished plus queued', () => {
    const verdict = judgeOf(fixedSnapshot());
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[0]).toBe('1,503 accepted exports in the ledger: 299 finished, 1,204 still in Redis');
  });

  it('allows the in-flight export alone to be gone, and says it was the outage, not the learner', () => {
    const snapshot = fixedSnapshot();
    dropFromRedis(snapshot, [PLAN.inFlightId]);
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[0]).toBe('1,503 accepted exports in the ledger: 299 finished, 1,203 still in Redis, 1 lost in flight at the outage (allowed)');
    expect(verdict.lesson).toContain('not yours');
  });

  it('says the in-flight export came back and finished once it did', () => {
    const snapshot = fixedSnapshot();
    dropFromRedis(snapshot, [PLAN.inFlightId]);
    snapshot.web.ledger = snapshot.web.ledger?.map((entry) => (entry.id === PLAN.inFlightId ? { ...entry, ready: true } : entry));
    expect(judgeOf(snapshot).lesson).toContain('delivered again and finished');
  });

  it('fails outright on FLUSHALL (recorded INFO commandstats), and counts what it erased', () => {
    const snapshot = brokenSnapshot();
    snapshot.broker.commandCalls = commandCallsFixture('commandstats-after-flushall');
    dropFromRedis(snapshot, [...(snapshot.broker.queuedIds ?? [])]);
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('Redis has run FLUSHALL 1 time since it started: every key it held, queued jobs included, was erased');
    expect(verdict.evidence[1]).toMatch(/^1,499 accepted exports are gone: neither finished nor held by Redis \([0-9a-f]{8}…, [0-9a-f]{8}…, [0-9a-f]{8}…, …\)$/);
    expect(verdict.evidence).toContain('Redis has counted DEL × 1 since it started');
    expect(verdict.hint).toContain('INFO commandstats');
    expect(verdict.hint).toContain('async-outage-lab reset');
  });

  it('fails on a FLUSHDB even when no ledger entry is missing yet', () => {
    const snapshot = fixedSnapshot();
    snapshot.broker.commandCalls = { ...snapshot.broker.commandCalls, flushdb: 2 };
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('Redis has run FLUSHDB 2 times since it started: every key it held, queued jobs included, was erased');
  });

  it('fails after `DEL celery` (recorded INFO commandstats): the jobs are gone and the DEL is shown', () => {
    const snapshot = brokenSnapshot();
    snapshot.broker.commandCalls = commandCallsFixture('commandstats-after-del');
    dropFromRedis(snapshot, [...(snapshot.broker.queuedIds ?? [])]);
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.slice(0, 2)).toEqual([
      expect.stringMatching(/^1,499 accepted exports are gone: /),
      'Redis has counted DEL × 1 since it started',
    ]);
    expect(verdict.evidence).toContain('1,503 accepted exports in the ledger: 3 finished, 0 still in Redis, 1 lost in flight at the outage (allowed), 1,499 unaccounted for');
    expect(verdict.hint).toContain('LLEN celery');
  });

  it('says so when Redis restarted, since its counters no longer show what happened before', () => {
    const snapshot = brokenSnapshot();
    snapshot.broker.runId = runIdFixture('info-server-after-restart');
    snapshot.broker.commandCalls = commandCallsFixture('commandstats-after-restart');
    dropFromRedis(snapshot, (snapshot.broker.queuedIds ?? []).slice(0, 10));
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toContain('Redis has restarted since `up` (new run_id), so its command counters only cover the time since then');
  });

  it('tolerates one export in the running worker\'s hands, not two', () => {
    const one = fixedSnapshot();
    dropFromRedis(one, [PLAN.tasks[300]!.exportId]);
    const verdict = judgeOf(one);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[0]).toBe("1,503 accepted exports in the ledger: 299 finished, 1,203 still in Redis, 1 in the worker's hands right now");

    const two = fixedSnapshot();
    dropFromRedis(two, [PLAN.tasks[300]!.exportId, PLAN.tasks[301]!.exportId]);
    const failed = judgeOf(two);
    expect(failed.passed).toBe(false);
    expect(failed.evidence[0]).toBe(`1 accepted export is gone: neither finished nor held by Redis (${PLAN.tasks[301]!.exportId.slice(0, 8)}…)`);
  });

  it('tolerates none while the worker is not running', () => {
    const snapshot = brokenSnapshot();
    dropFromRedis(snapshot, [PLAN.tasks[4]!.exportId]);
    expect(judgeOf(snapshot).passed).toBe(false);
  });

  it('names large exports lost with a dying worker', () => {
    const snapshot = fixedSnapshot();
    const queuedLarge = PLAN.largeIds.filter((id) => snapshot.broker.queuedIds?.includes(id));
    dropFromRedis(snapshot, queuedLarge.slice(0, 3));
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toMatch(/^2 accepted exports are gone/);
    expect(verdict.evidence).toContain(
      '2 of them are large exports, and the worker has died 1 time since the outage',
    );
  });

  it('leaves exports accepted after Redis was read for the next check', () => {
    const snapshot = fixedSnapshot();
    snapshot.web.ledger?.push({ id: 'e0b7f2aa-0000-4000-a000-000000000001', rows: 300, source: 'customer', acceptedAt: new Date(Date.parse(READ_AT) + 400).toISOString(), ready: false });
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain('1 export accepted after Redis was read: left for the next check');
  });

  it('fails when seeded exports are missing from the ledger itself (a wiped volume)', () => {
    const snapshot = fixedSnapshot();
    snapshot.web.ledger = CUSTOMER_EXPORTS.map((entry) => ({ ...entry }));
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('1,487 of the 1,487 exports seeded at `up` are missing from the ledger itself: the record of accepted work was wiped (its volume removed or replaced)');
    expect(verdict.hint).toContain('docker volume ls');
  });

  it('fails with the reason when web or Redis cannot be read', () => {
    const noWeb = fixedSnapshot();
    noWeb.web = { reachable: false, error: 'GET /internal/ledger timed out after 5000 ms' };
    expect(judgeOf(noWeb)).toMatchObject({
      passed: false,
      evidence: ['the ledger of accepted exports could not be read: web did not answer (GET /internal/ledger timed out after 5000 ms)'],
    });
    const noRedis = fixedSnapshot();
    noRedis.broker = { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' };
    expect(judgeOf(noRedis)).toMatchObject({
      passed: false,
      evidence: ['Redis could not be read, so what it still holds is unknown: connect ECONNREFUSED 127.0.0.1:6379'],
    });
  });
});
