import { describe, expect, it } from 'vitest';
import { recorded, recordingFile } from '../../fixtures/poison-loop/snapshots.js';
import { accountPoison } from '../../src/scenarios/poison-loop/account.js';
import type { PoisonBaseline } from '../../src/scenarios/poison-loop/baseline.js';
import { judge } from '../../src/scenarios/poison-loop/criteria/index.js';
import { CAUSES } from '../../src/scenarios/poison-loop/criteria/root-cause.js';
import { copyOf } from '../../src/scenarios/poison-loop/quarantine.js';
import type { PoisonSnapshot } from '../../src/scenarios/poison-loop/snapshot.js';

const RIGHT = { component: 'worker', cause: 'poison-message' };
const failing = (snapshot: PoisonSnapshot, baseline: PoisonBaseline, waited = false, statement = RIGHT) =>
  judge(snapshot, baseline, { statement, waited })
    .filter((v) => !v.passed)
    .map((v) => v.id);
const verdictOf = (id: string, snapshot: PoisonSnapshot, baseline: PoisonBaseline, waited = false, statement = RIGHT) =>
  judge(snapshot, baseline, { statement, waited }).find((v) => v.id === id)!;

describe('poison-loop criteria over recorded states', () => {
  it('the looping lab at `up` fails the quarantine, the worker and the drain; nothing is lost yet', () => {
    const { baseline, snapshot } = recorded('broken-looping');
    expect(failing(snapshot, baseline)).toEqual(['poison-quarantined', 'worker-stable', 'backlog-drained']);
    expect(verdictOf('poison-quarantined', snapshot, baseline).evidence[0]).toMatch(/still in `unacked`/);
    expect(verdictOf('worker-stable', snapshot, baseline).evidence.join('\n')).toMatch(/restarting: Docker is waiting out its restart back-off/);
  });

  it('the poison export moved by HGET + RPUSH + HDEL + ZREM passes the quarantine while the worker is still down', () => {
    const { baseline, snapshot } = recorded('quarantined-worker-exited');
    expect(failing(snapshot, baseline)).toEqual(['worker-stable', 'backlog-drained']);
    const kept = verdictOf('poison-quarantined', snapshot, baseline);
    expect(kept.evidence.join('\n')).toMatch(/kept in `exports\.dead-letter` \(a list\): kombu's `unacked` entry as it was/);
  });

  it("the card's fix, mid-drain and drained, passes every criterion; check --wait asks for the 0", () => {
    for (const state of ['fixed-draining', 'drained'] as const) {
      const { baseline, snapshot } = recorded(state);
      expect(failing(snapshot, baseline), state).toEqual([]);
    }
    const mid = recorded('fixed-draining');
    expect(failing(mid.snapshot, mid.baseline, true)).toEqual(['backlog-drained']);
    const end = recorded('drained');
    expect(failing(end.snapshot, end.baseline, true)).toEqual([]);
  });

  it('only the poison answer passes the root cause, and it is neither the first choice nor the last', () => {
    const { baseline, snapshot } = recorded('drained');
    expect(CAUSES.indexOf('poison-message')).toBeGreaterThan(0);
    expect(CAUSES.indexOf('poison-message')).toBeLessThan(CAUSES.length - 1);
    for (const cause of CAUSES) {
      expect(verdictOf('root-cause', snapshot, baseline, false, { component: 'worker', cause }).passed, cause).toBe(cause === 'poison-message');
    }
    expect(verdictOf('root-cause', snapshot, baseline, false, { component: 'redis', cause: 'poison-message' }).passed).toBe(false);
    expect(verdictOf('root-cause', snapshot, baseline, false, { component: 'worker', cause: 'oom-killed' }).hint).toMatch(/137/);
  });
});

describe('poison-loop: fail modes, each the fixed lab with one thing changed', () => {
  it('deleting the poison export fails the quarantine, named as deleted, and nothing else', () => {
    const { baseline, snapshot } = recorded('drained');
    snapshot.quarantine.copies = [];
    expect(failing(snapshot, baseline)).toEqual(['poison-quarantined']);
    expect(verdictOf('poison-quarantined', snapshot, baseline).evidence[0]).toMatch(/was deleted: it is in neither the queue, `unacked`, nor any other key/);
  });

  it('a copy whose body was edited is damaged, not kept', () => {
    const { baseline, snapshot } = recorded('drained');
    snapshot.quarantine.copies = snapshot.quarantine.copies.map((copy) => ({ ...copy, body: Buffer.from('[["x"], {}, {}]').toString('base64') }));
    expect(verdictOf('poison-quarantined', snapshot, baseline).evidence[0]).toMatch(/its body is not the one queued/);
  });

  it('a copy made without removing the original still fails: the worker would meet it again', () => {
    const broken = recorded('broken-looping');
    const fixed = recorded('drained');
    broken.snapshot.quarantine = fixed.snapshot.quarantine;
    const verdict = verdictOf('poison-quarantined', broken.snapshot, broken.baseline);
    expect(verdict.passed).toBe(false);
    expect(verdict.evidence.join('\n')).toMatch(/still in `unacked`[\s\S]*a copy is also in `exports\.dead-letter`/);
  });

  it('an export that crashed nothing, set aside with the poison one, fails "every other export"', () => {
    const { baseline, snapshot } = recorded('fixed-draining');
    const innocent = snapshot.web.ledger!.find(
      (entry) => !entry.ready && snapshot.broker.queuedIds!.includes(entry.id) && !snapshot.broker.unacked!.some((job) => job.exportId === entry.id),
    )!;
    snapshot.broker.queuedIds = snapshot.broker.queuedIds!.filter((id) => id !== innocent.id);
    const body = Buffer.from(JSON.stringify([[innocent.id], { rows: innocent.rows, report: 'orders' }, {}])).toString('base64');
    snapshot.quarantine.copies.push({ exportId: innocent.id, key: 'exports.dead-letter', type: 'list', body, asUnackedEntry: false });
    expect(failing(snapshot, baseline)).toEqual(['others-kept']);
    expect(verdictOf('others-kept', snapshot, baseline).evidence[0]).toMatch(/export that crashed nothing was set aside too/);
  });

  it('an export gone from everywhere fails "every other export" and the drain', () => {
    const { baseline, snapshot } = recorded('fixed-draining');
    const waiting = accountPoison(snapshot, baseline).waiting[0]!;
    snapshot.broker.queuedIds = snapshot.broker.queuedIds!.filter((id) => id !== waiting.id);
    expect(failing(snapshot, baseline)).toEqual(['others-kept', 'backlog-drained']);
  });

  it('a FLUSHALL fails "every other export", named', () => {
    const { baseline, snapshot } = recorded('drained');
    snapshot.broker.commandCalls = { ...snapshot.broker.commandCalls, flushall: 1 };
    expect(verdictOf('others-kept', snapshot, baseline).evidence[0]).toMatch(/FLUSHALL or FLUSHDB 1 time/);
  });

  it('a restarted web fails web and redis', () => {
    const { baseline, snapshot } = recorded('drained');
    snapshot.containers.web.startedAt = new Date(Date.parse(snapshot.takenAt) - 5000).toISOString();
    expect(failing(snapshot, baseline)).toEqual(['web-redis-untouched']);
  });

  it('a reading of the window that could not read Docker says nothing of the worker: not a stop', () => {
    const { baseline, snapshot } = recorded('drained');
    const { workerStatus: _unread, restartCount: _count, ...unread } = snapshot.drain[1]!;
    snapshot.drain = [snapshot.drain[0]!, unread, ...snapshot.drain.slice(2)];
    expect(failing(snapshot, baseline)).toEqual([]);
    // A reading that saw it stopped still counts.
    snapshot.drain = snapshot.drain.map((sample, i) => (i === 0 ? { ...sample, workerStatus: 'exited' } : sample));
    expect(failing(snapshot, baseline)).toContain('worker-stable');
  });

  it('a worker that came back during the window is not stable, whatever its policy', () => {
    const { baseline, snapshot } = recorded('drained');
    snapshot.drain = snapshot.drain.map((sample, i) => ({ ...sample, restartCount: (sample.restartCount ?? 0) + i }));
    expect(failing(snapshot, baseline)).toEqual(['worker-stable']);
  });
});

describe('poison-loop: the copies a learner may leave, parsed from recorded values', () => {
  const poisonId = recordingFile('loop-solo-acks-late-vt1', 'poison-id.txt').trim();
  const entry = recordingFile('loop-solo-acks-late-vt1', 'unacked.txt').split('\n')[1]!;

  it("kombu's `unacked` entry, moved by HGET + RPUSH, is read as a copy of the export", () => {
    expect(copyOf('exports.dead-letter', 'list', entry)).toMatchObject({ exportId: poisonId, asUnackedEntry: true });
  });

  it('the bare message, as LMOVE moves it off the queue, is read the same, with the same body', () => {
    const message = JSON.stringify((JSON.parse(entry) as unknown[])[0]);
    const bare = copyOf('exports.dead-letter', 'list', message);
    expect(bare).toMatchObject({ exportId: poisonId, asUnackedEntry: false });
    expect(bare!.body).toBe(copyOf('x', 'list', entry)!.body);
  });

  it('a value that is no export message is no copy', () => {
    expect(copyOf('k', 'string', 'hello')).toBeUndefined();
    expect(copyOf('k', 'string', '{"body": 1}')).toBeUndefined();
  });
});
