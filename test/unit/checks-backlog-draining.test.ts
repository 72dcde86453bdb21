import { describe, expect, it } from 'vitest';
import { backlogState, brokenSnapshot, drainSamples, fixedSnapshot, labBaseline, PLAN } from '../../fixtures/snapshots/lab.js';
import type { Snapshot } from '../../src/kits/celery-redis/observe/snapshot.js';
import { judgeBacklogDraining } from '../../src/scenarios/worker-oom/criteria/index.js';

const baseline = labBaseline();
const judgeOf = (snapshot: Snapshot, waited = false) => judgeBacklogDraining(snapshot, baseline, { waited });
const withDrain = (drain: Snapshot['drain']) => {
  const snapshot = fixedSnapshot();
  snapshot.drain = drain;
  return snapshot;
};

/** The whole backlog worked through: every export finished, the queue empty. */
function drainedSnapshot(): Snapshot {
  const snapshot = fixedSnapshot();
  const { ledger } = backlogState(PLAN.tasks.length);
  snapshot.web.ledger = ledger.map((entry) => ({ ...entry, ready: entry.id !== PLAN.inFlightId }));
  // Only the outage's in-flight export is left, in `unacked` until the visibility timeout.
  snapshot.broker.queuedIds = [PLAN.inFlightId];
  snapshot.broker.queuedRows = { [PLAN.inFlightId]: 1_400_000 };
  snapshot.broker.queueDepth = 0;
  snapshot.drain = drainSamples([3, 1, 0, 1, 0], { ready: 1499 });
  return snapshot;
}

describe('backlog-draining', () => {
  it('passes while the queue falls and finished exports rise, with the pace', () => {
    const verdict = judgeOf(fixedSnapshot());
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toEqual([
      'queue depth over 8 s (5 samples): 1,203 → 1,187 → 1,173 → 1,156 → 1,143 (-60)',
      'finished exports: 299 → 359 (+60)',
      'falling by about 450 a minute: empty in about 3 min at this pace',
      `large exports finished: 3 of ${PLAN.largeIds.length}`,
    ]);
  });

  it('passes when the queue hovers near 0 as customers keep adding exports', () => {
    const verdict = judgeOf(withDrain(drainSamples([2, 1, 2, 0, 1], { ready: 1480 })));
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain('the queue is down to 1: new exports are taken as they arrive');
  });

  it('passes when the queue is empty and stays empty', () => {
    expect(judgeOf(withDrain(drainSamples([0, 0, 0], { ready: 1500 }))).passed).toBe(true);
  });

  it('fails while the worker is not running: nothing consumes', () => {
    const verdict = judgeOf(brokenSnapshot());
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toEqual(['worker: exited: nothing is taking jobs off the queue', 'queue depth: 1,499']);
    expect(verdict.hint).toContain('LLEN celery');
  });

  it('fails when the worker died during the window, showing the depths it saw', () => {
    const verdict = judgeOf(
      withDrain([...drainSamples([1203, 1190]), ...drainSamples([1191], { workerStatus: 'exited' }).map((s) => ({ ...s, at: s.at + 4000 }))]),
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence[0]).toBe('worker: exited: nothing is taking jobs off the queue');
    expect(verdict.evidence).toContain('queue depth over the window: 1,203 → 1,190 → 1,191');
  });

  it('fails with fewer than 2 readable samples', () => {
    const one = judgeOf(withDrain(drainSamples([1203])));
    expect(one.passed).toBe(false);
    expect(one.evidence[0]).toBe('only 1 reading of the queue: a trend needs at least 2');
    const unreadable = judgeOf(
      withDrain([...drainSamples([1203]), { at: Date.parse('2026-11-24T04:27:12Z'), queueDepth: -1, ready: -1, workerStatus: 'running' }]),
    );
    expect(unreadable.evidence[0]).toBe('only 1 reading of the queue (1 more unreadable): a trend needs at least 2');
    expect(unreadable.hint).toContain('async-outage-lab check');
  });

  it('fails when the queue stays flat, and points at what the worker is doing', () => {
    const verdict = judgeOf(withDrain(drainSamples([1203, 1203, 1204, 1204, 1205])));
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toContain('the queue grew by 2 while the worker was running');
    expect(verdict.hint).toContain('docker logs --tail 5 worker');
    expect(verdict.hint).toContain('docker stats --no-stream worker');
  });

  it('fails when the queue barely moves', () => {
    const verdict = judgeOf(withDrain(drainSamples([1203, 1202, 1202, 1201])));
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toContain('the queue fell by only 2 while the worker was running');
  });

  it('fails when jobs leave the queue but nothing finishes (deleted, not processed)', () => {
    const drain = drainSamples([1203, 600, 0]).map((sample) => ({ ...sample, ready: 299 }));
    const verdict = judgeOf(withDrain(drain));
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence).toContain('the queue shrank but no export finished: jobs left the queue without being processed');
    expect(verdict.hint).toContain('INFO commandstats');
  });

  it('with --wait, passes once the queue reached 0 and the worker that runs now survived all it took', () => {
    const verdict = judgeOf(drainedSnapshot(), true);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence.at(-1)).toBe('the queue reached 0, and the worker that runs now has survived every export it took since it was last started');
    expect(verdict.evidence).toContain('exports: 1,502 finished, 0 waiting in the queue, 1 in `unacked`');
    expect(verdict.lesson).toBeUndefined();
  });

  it('check and check --wait agree on a drained queue, even from a single reading', () => {
    const snapshot = drainedSnapshot();
    snapshot.drain = drainSamples([0], { ready: 1502 });
    expect(judgeOf(snapshot, false).passed).toBe(true);
    expect(judgeOf(snapshot, true).passed).toBe(true);
  });

  it('with --wait, passes when an earlier run died holding a large export, and reports it as the cost of that restart', () => {
    const snapshot = drainedSnapshot();
    const large = PLAN.largeIds[5]!;
    const died = snapshot.workerEvents.filter((event) => event.action === 'die')[1]!;
    snapshot.web.ledger = snapshot.web.ledger?.map((entry) => (entry.id === large ? { ...entry, ready: false } : entry));
    snapshot.broker.queuedIds?.push(large);
    snapshot.broker.unacked?.push({
      exportId: large,
      rows: 1_100_000,
      deliveryTag: 'tag-large',
      deliveredAt: new Date(Date.parse(died.time) - 50).toISOString(),
    });
    const verdict = judgeOf(snapshot, true);
    expect(verdict.passed).toBe(true);
    expect(verdict.evidence).toContain('exports: 1,501 finished, 0 waiting in the queue, 2 in `unacked`');
    expect(verdict.lesson).toMatch(/^1 export was taken by a run of the worker that ended before finishing \([0-9a-f]{8}… 1,100,000 rows\)/);
    expect(verdict.lesson).toContain('restart policy');
  });

  it('with --wait, fails while the queue has not reached 0', () => {
    const verdict = judgeOf(fixedSnapshot(), true);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.at(-1)).toBe('after waiting, the queue never reached 0 (lowest: 1,143)');
  });

  it('with --wait, fails when a large export is gone, even with the queue at 0', () => {
    const snapshot = drainedSnapshot();
    const lostLarge = PLAN.largeIds[5]!;
    snapshot.web.ledger = snapshot.web.ledger?.map((entry) => (entry.id === lostLarge ? { ...entry, ready: false } : entry));
    const verdict = judgeOf(snapshot, true);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.at(-1)).toBe(
      'the queue is at 0, but 1 export is gone: a drain that ends by throwing work away is not a drain (criterion 3 has the details)',
    );
  });

  it('with --wait, fails while the running worker still has a seeded export in hand', () => {
    const snapshot = drainedSnapshot();
    const large = PLAN.largeIds.at(-1)!;
    snapshot.web.ledger = snapshot.web.ledger?.map((entry) => (entry.id === large ? { ...entry, ready: false } : entry));
    snapshot.broker.queuedIds?.push(large);
    snapshot.broker.unacked?.push({
      exportId: large,
      rows: 1_000_000,
      deliveryTag: 'tag-now',
      deliveredAt: new Date(Date.parse(snapshot.takenAt) - 1000).toISOString(),
    });
    const verdict = judgeOf(snapshot, true);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.at(-1)).toBe('the queue is at 0, but the worker still has 1 export of the backlog to finish');
    expect(verdict.evidence).toContain(`in the running worker's hands: ${large.slice(0, 8)}… 1,000,000 rows`);
  });

  it('with --wait, fails when the ledger cannot be read to confirm', () => {
    const snapshot = drainedSnapshot();
    snapshot.web = { reachable: false, error: 'timeout' };
    const verdict = judgeOf(snapshot, true);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.at(-1)).toBe('the ledger could not be read to confirm every export was worked through: timeout');
  });
});
