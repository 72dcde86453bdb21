import { describe, expect, it } from 'vitest';
import { accountExports } from '../../../src/scenarios/redis-eviction/criteria/account.js';
import { judge } from '../../../src/scenarios/redis-eviction/criteria/index.js';
import type { Snapshot } from '../../../src/scenarios/redis-eviction/observe/snapshot.js';
import { recordedBaseline, recordedSnapshot } from './fixture-snapshot.js';

const RIGHT = { component: 'redis', cause: 'evicting-keys' };
const byId = (snapshot: Snapshot, statement = RIGHT, waited = false) =>
  Object.fromEntries(judge(snapshot, recordedBaseline(), { statement, waited }).map((v) => [v.id, v]));

/** The fixed lab after `check --wait`: the drain it followed and the burst it sent. */
function afterAftershock(snapshot: Snapshot, change: Partial<{ evictedAfter: number; refused: number; depth: number }> = {}): Snapshot {
  const evicted = snapshot.memory!.evictedKeys;
  return {
    ...snapshot,
    drain: [
      { at: 0, queueDepth: 180, ready: 1700, evictedKeys: evicted, usedMemory: 1, workerStatus: 'running' },
      { at: 20_000, queueDepth: change.depth ?? 0, ready: 1862, evictedKeys: change.evictedAfter ?? evicted, usedMemory: 1, workerStatus: 'running' },
    ],
    aftershock: {
      sent: 200,
      accepted: 200 - (change.refused ?? 0),
      refused: change.refused ?? 0,
      evictedBefore: evicted,
      evictedAfter: change.evictedAfter ?? evicted,
    },
  };
}

describe('redis-eviction criteria over recorded states of the real lab', () => {
  it('broken: Redis evicts and is full (both halves named), 1,388 accepted exports are nowhere (5 more than at the hand-over), nothing else damaged', () => {
    const v = byId(recordedSnapshot('broken'));
    expect(v['loss-stopped']!.passed).toBe(false);
    expect(v['loss-stopped']!.evidence[0]).toMatch(/both halves are missing/);
    expect(v['loss-stopped']!.evidence.join('\n')).toMatch(/allkeys-lru/);
    expect(v['loss-recovered']!.passed).toBe(false);
    expect(v['loss-recovered']!.evidence[0]).toMatch(/^1,388 accepted exports are nowhere: .*; 5 of them were accepted or still held at the hand-over$/);
    expect(v['nothing-else-damaged']!.passed).toBe(true);
    expect(v['drains-and-holds']!.passed).toBe(false);
    expect(v['drains-and-holds']!.evidence.join('\n')).toMatch(/only `check --wait` sends one/);
  });

  it('policy only: the policy half is there, the room is not, and the report says so; the worker that died of a refused write fails the drain', () => {
    const v = byId(recordedSnapshot('policy-only'));
    expect(v['loss-stopped']!.passed).toBe(false);
    // Recorded: the worker died of a refused write inside a transaction, which Redis counts as EXECABORT, not OOM.
    expect(v['loss-stopped']!.evidence[0]).toMatch(/no longer evicts, but it has too little room: a write that does not fit is refused/);
    expect(v['drains-and-holds']!.passed).toBe(false);
  });

  it('policy only, once Redis has refused writes for memory: the report counts them', () => {
    const snapshot = recordedSnapshot('policy-only');
    snapshot.memory = { ...snapshot.memory!, oomRefusals: 2 };
    expect(byId(snapshot)['loss-stopped']!.evidence[0]).toMatch(/no room: it has refused 2 writes for memory/);
  });

  it('fixed and drained, with a burst that cost nothing: every criterion passes', () => {
    const verdicts = judge(afterAftershock(recordedSnapshot('fixed-drained')), recordedBaseline(), { statement: RIGHT, waited: true });
    expect(verdicts.filter((v) => !v.passed).map((v) => `${v.id}: ${v.evidence[0]}`)).toEqual([]);
  });

  it('the same fixed lab fails the last criterion when the burst was evicted, refused, or the queue did not empty', () => {
    const fixed = recordedSnapshot('fixed-drained');
    const evicted = fixed.memory!.evictedKeys;
    expect(byId(afterAftershock(fixed, { evictedAfter: evicted + 3 }))['drains-and-holds']!.evidence[0]).toBe('Redis evicted 3 key(s) during the burst');
    expect(byId(afterAftershock(fixed, { refused: 12 }))['drains-and-holds']!.evidence[0]).toMatch(/^Redis refused 12 of the burst's exports/);
    expect(byId(afterAftershock(fixed, { depth: 40 }))['drains-and-holds']!.evidence[0]).toMatch(/did not reach 0 \(40 left/);
  });

  it('a plain check judges by the burst the last check --wait kept, while it holds: the same redis, nothing evicted since', () => {
    const waited = afterAftershock(recordedSnapshot('fixed-drained'));
    const { aftershock, ...plain } = waited;
    if (!aftershock || 'skipped' in aftershock) throw new Error('the fixture sent a burst');
    const runId = plain.broker.reachable ? plain.broker.runId! : '';
    const kept = { ...aftershock, labCreatedAt: recordedBaseline().createdAt, sentAt: plain.takenAt, runId };
    // No burst kept: the table's plain check cannot pass the last criterion.
    expect(byId(plain)['drains-and-holds']!.evidence.at(-1)).toMatch(/no burst of new exports was sent: only `check --wait` sends one/);
    const held = byId({ ...plain, keptAftershock: kept })['drains-and-holds']!;
    expect(held.passed).toBe(true);
    expect(held.evidence.at(-1)).toMatch(/judged by the burst the last `check --wait` sent, at .*: Redis has evicted nothing since/);
    // A restarted redis, or an eviction since, and the kept burst says nothing any more.
    const restarted = byId({ ...plain, keptAftershock: { ...kept, runId: 'another' } })['drains-and-holds']!;
    expect([restarted.passed, restarted.evidence.at(-1)]).toEqual([
      false,
      'the burst the last `check --wait` sent no longer holds: redis has restarted since (a new run_id)',
    ]);
    const evictedSince = byId({ ...plain, keptAftershock: { ...kept, evictedAfter: kept.evictedAfter - 2 } })['drains-and-holds']!;
    expect(evictedSince.passed).toBe(false);
    expect(evictedSince.evidence.at(-1)).toMatch(/no longer holds: evicted_keys went from/);
    // A kept burst that cost exports fails as it did when it was sent.
    expect(byId({ ...plain, keptAftershock: { ...kept, refused: 12, accepted: 188 } })['drains-and-holds']!.passed).toBe(false);
  });

  it('a missing id stays missing: one finished export of the fixed lab taken out of every place fails the account, by id', () => {
    const fixed = afterAftershock(recordedSnapshot('fixed-drained'));
    const ledger = fixed.web.ledger!.map((entry, i) => (i === 7 ? { ...entry, ready: false } : entry));
    const snapshot = { ...fixed, web: { ...fixed.web, ledger } };
    expect(accountExports(snapshot, recordedBaseline()).gone.map((e) => e.id)).toEqual([ledger[7]!.id]);
    expect(byId(snapshot)['loss-recovered']!.passed).toBe(false);
  });

  it('collateral is named: a FLUSHALL, a restarted redis, a web restarted by hand', () => {
    const fixed = afterAftershock(recordedSnapshot('fixed-drained'));
    const flushed = { ...fixed, broker: { ...fixed.broker, commandCalls: { ...fixed.broker.commandCalls, flushall: 1 } } };
    expect(byId(flushed)['nothing-else-damaged']!.evidence[0]).toMatch(/FLUSHALL\/FLUSHDB 1 time/);
    const restarted = { ...fixed, broker: { ...fixed.broker, runId: 'another' } };
    expect(byId(restarted)['nothing-else-damaged']!.evidence[0]).toMatch(/^redis restarted since the hand-over/);
    const webRestarted = {
      ...fixed,
      events: [
        { time: fixed.takenAt, action: 'kill', name: 'web', signal: 15 },
        { time: fixed.takenAt, action: 'restart', name: 'web' },
      ],
    };
    expect(byId(webRestarted)['nothing-else-damaged']!.evidence[0]).toBe('web was restarted by hand since the hand-over');
  });

  it('root cause: the wrong component or cause fails with a nudge that names neither answer; the right pair passes', () => {
    const broken = recordedSnapshot('broken');
    expect(byId(broken, { component: 'worker', cause: 'too-slow' })['root-cause']!.passed).toBe(false);
    expect(byId(broken, { component: 'redis', cause: 'dropped-on-restart' })['root-cause']!.hint).toMatch(/^Right container, another cause/);
    expect(byId(broken)['root-cause']!.passed).toBe(true);
  });
});
