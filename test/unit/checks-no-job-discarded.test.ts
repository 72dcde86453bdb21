import { describe, expect, it } from 'vitest';
import {
  brokenSnapshot,
  CUSTOMER_EXPORTS,
  commandCallsFixture,
  fixedSnapshot,
  inFlightUnacked,
  labBaseline,
  PLAN,
  READ_AT,
  runIdFixture,
  TAKEN_AT,
} from '../../fixtures/snapshots/lab.js';
import type { Snapshot } from '../../src/kits/celery-redis/observe/snapshot.js';
import { clock } from '../../src/scenarios/worker-oom/criteria/facts.js';
import { judgeNoJobDiscarded } from '../../src/scenarios/worker-oom/criteria/index.js';

const baseline = labBaseline();
const judgeOf = (snapshot: Snapshot) => judgeNoJobDiscarded(snapshot, baseline, { waited: false });
const dropFromRedis = (snapshot: Snapshot, ids: string[]) => {
  const gone = new Set(ids);
  snapshot.broker.queuedIds = snapshot.broker.queuedIds?.filter((id) => !gone.has(id));
  snapshot.broker.unacked = snapshot.broker.unacked?.filter((job) => !gone.has(job.exportId));
  for (const id of ids) delete snapshot.broker.queuedRows?.[id];
};
const waitingIds = (snapshot: Snapshot) => (snapshot.broker.queuedIds ?? []).filter((id) => !snapshot.broker.unacked?.some((job) => job.exportId === id));
const returnsAt = clock(new Date(Date.parse(inFlightUnacked().deliveredAt!) + 3600_000).toISOString(), TAKEN_AT);

describe('no-job-discarded', () => {
  it('passes on the broken lab: 3 finished, the rest waiting, the 7c9d export in unacked since the kill, with the lesson', () => {
    const verdict = judgeOf(brokenSnapshot());
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toEqual([
      '1,503 accepted exports in the ledger: 3 finished, 1,499 waiting in the queue, 1 in `unacked`',
      `in \`unacked\` since the outage's kill: ${PLAN.inFlightId.slice(0, 8)}… 1,400,000 rows; back on the queue from ${returnsAt}`,
      'Redis has run no FLUSHALL or FLUSHDB since it started',
    ]);
    expect(verdict.lesson).toContain(`Export ${PLAN.inFlightId.slice(0, 8)}… (1,400,000 rows)`);
    expect(verdict.lesson).toContain('`unacked`');
    expect(verdict.lesson).toContain('visibility timeout');
  });

  it('passes while the worker drains: finished plus queued', () => {
    const verdict = judgeOf(fixedSnapshot());
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[0]).toBe('1,503 accepted exports in the ledger: 299 finished, 1,203 waiting in the queue, 1 in `unacked`');
  });

  it("fails when the outage's in-flight export is removed from `unacked`: the kill did not lose it, so the learner did", () => {
    const snapshot = fixedSnapshot();
    dropFromRedis(snapshot, [PLAN.inFlightId]);
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe(`1 accepted export is gone: neither finished, nor in the queue, nor in \`unacked\` (${PLAN.inFlightId.slice(0, 8)}…)`);
    expect(verdict.hint).toContain('HLEN unacked');
  });

  it('excuses the in-flight export only where the baseline recorded that the kill itself lost it', () => {
    const snapshot = fixedSnapshot();
    dropFromRedis(snapshot, [PLAN.inFlightId]);
    const lostAtUp = { ...baseline, backlog: { ...baseline.backlog, inFlightLostAtOutage: true } };
    const verdict = judgeNoJobDiscarded(snapshot, lostAtUp, { waited: false });
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[0]).toBe(
      "1,503 accepted exports in the ledger: 299 finished, 1,203 waiting in the queue, 1 lost in the outage's kill (recorded at `up`)",
    );
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
    expect(verdict.evidence[1]).toMatch(
      /^1,500 accepted exports are gone: neither finished, nor in the queue, nor in `unacked` \([0-9a-f]{8}…, [0-9a-f]{8}…, [0-9a-f]{8}…, …\)$/,
    );
    expect(verdict.evidence).toContain("Redis has counted DEL × 1 since it started (from every client, the lab's and kombu's own included)");
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
    dropFromRedis(snapshot, waitingIds(snapshot));
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.slice(0, 2)).toEqual([
      expect.stringMatching(/^1,499 accepted exports are gone: /),
      "Redis has counted DEL × 1 since it started (from every client, the lab's and kombu's own included)",
    ]);
    expect(verdict.evidence).toContain('1,503 accepted exports in the ledger: 3 finished, 0 waiting in the queue, 1 in `unacked`, 1,499 gone');
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

  it('allows no slack: one export missing while the worker runs is gone, with the re-reads that looked for it', () => {
    const snapshot = fixedSnapshot();
    const missing = PLAN.tasks[300]!.exportId;
    dropFromRedis(snapshot, [missing]);
    snapshot.broker.settle = { missing: [missing], found: [], reads: 30, ms: 3004 };
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe(
      `1 accepted export is gone: neither finished, nor in the queue, nor in \`unacked\` (${missing.slice(0, 8)}…, still missing after 30 re-reads over 3.0 s)`,
    );
  });

  it('counts an export a re-read found in transit between the queue and `unacked` as held, and says so', () => {
    const snapshot = fixedSnapshot();
    snapshot.broker.settle = { missing: [PLAN.tasks[300]!.exportId], found: [PLAN.tasks[300]!.exportId], reads: 1, ms: 104 };
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain('1 export in transit between the queue and `unacked` when Redis was first read, found on a re-read');
  });

  it('tolerates none while the worker is not running', () => {
    const snapshot = brokenSnapshot();
    dropFromRedis(snapshot, [PLAN.tasks[4]!.exportId]);
    expect(judgeOf(snapshot).passed).toBe(false);
  });

  it('passes when a worker that died again left a large export in `unacked`, and names the run that took it', () => {
    const snapshot = fixedSnapshot();
    const large = PLAN.largeIds.find((id) => snapshot.broker.queuedIds?.includes(id) && id !== PLAN.inFlightId)!;
    // The second die: the outage's own comes a few ms after its FinishedAt.
    const died = snapshot.workerEvents.filter((event) => event.action === 'die')[1]!;
    const deliveredAt = new Date(Date.parse(died.time) - 1500).toISOString();
    snapshot.broker.unacked?.push({ exportId: large, rows: snapshot.broker.queuedRows![large]!, deliveryTag: 'tag-large', deliveredAt });
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence[0]).toBe('1,503 accepted exports in the ledger: 299 finished, 1,202 waiting in the queue, 2 in `unacked`');
    expect(verdict.evidence[2]).toMatch(
      new RegExp(`^in \`unacked\`, taken by a run of the worker that ended at [0-9:]+ UTC \\(OOM-killed\\): ${large.slice(0, 8)}…`),
    );
  });

  it('leaves exports accepted after Redis was read for the next check', () => {
    const snapshot = fixedSnapshot();
    snapshot.web.ledger?.push({
      id: 'e0b7f2aa-0000-4000-a000-000000000001',
      rows: 300,
      source: 'customer',
      acceptedAt: new Date(Date.parse(READ_AT) + 400).toISOString(),
      ready: false,
    });
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain('1 export accepted after Redis was read: left for the next check');
  });

  it('fails when seeded exports are missing from the ledger itself (a wiped volume)', () => {
    const snapshot = fixedSnapshot();
    snapshot.web.ledger = CUSTOMER_EXPORTS.map((entry) => ({ ...entry }));
    const verdict = judgeOf(snapshot);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe(
      '1,487 of the 1,487 exports seeded at `up` are missing from the ledger itself: the record of accepted work was wiped (its volume removed or replaced)',
    );
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
