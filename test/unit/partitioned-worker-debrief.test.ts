import { describe, expect, it } from 'vitest';
import { recorded } from '../../fixtures/partitioned-worker/lab.js';
import { backlogDrainedAt } from '../../src/kits/celery-redis/backlog-drain.js';
import { partitionedWorkerDebrief } from '../../src/scenarios/partitioned-worker/debrief.js';
import type { SessionEntry } from '../../src/shim/session-log.js';

/** The recorded drained lab, its ledger; the reconnection one second after the last export was accepted before it. */
const { baseline, snapshot } = recorded('drained');
const ledger = snapshot.web.ledger ?? [];
const fixAt = new Date(Date.parse(ledger[Math.floor(ledger.length / 2)]!.acceptedAt) + 1000).toISOString();
const backlog = ledger.filter((entry) => entry.acceptedAt <= fixAt);
const doneAt = (offsetS: number) => new Date(Date.parse(fixAt) + offsetS * 1000).toISOString();
const finishedAt = Object.fromEntries(ledger.map((entry, i) => [entry.id, doneAt(entry.acceptedAt <= fixAt ? 5 + (i % 7) : 60)]));
const command = (at: string, ...argv: string[]): SessionEntry => ({ at, argv, exitCode: 0, durationMs: 40, cwd: '/' });
const entries = [command(doneAt(-30), 'network', 'ls'), command(fixAt, 'network', 'connect', 'async-outage-lab_default', 'worker')];

describe('the backlog at the fix, drained', () => {
  it('ends with the last result of the exports accepted up to the fix, not with the newest result', () => {
    expect(backlog.length).toBeGreaterThan(10);
    expect(backlogDrainedAt(ledger, finishedAt, fixAt)).toEqual({ at: doneAt(11), exports: backlog.length });
  });
  it('is not drained while one of them is unfinished, or with no fix', () => {
    const unfinished = ledger.map((entry) => (entry.id === backlog[0]!.id ? { ...entry, ready: false } : entry));
    expect(backlogDrainedAt(unfinished, finishedAt, fixAt)).toBeUndefined();
    expect(backlogDrainedAt(ledger, finishedAt, undefined)).toBeUndefined();
  });
});

describe('partitioned-worker debrief', () => {
  const build = (statement?: { component: string; cause: string }) =>
    partitionedWorkerDebrief.build(
      { baseline: { ...baseline, ...(statement ? { statement: { ...statement, at: doneAt(20) } } : {}) }, entries, ledger, finishedAt, unread: [] },
      () => undefined,
    );

  it('times recovery to the reconnection and the drain to the backlog running out, and says so', () => {
    const debrief = build({ component: 'worker', cause: 'lost-network' });
    const t = (at: string) => Math.round((Date.parse(at) - Date.parse(baseline.worker.finishedAt)) / 1000);
    expect(debrief.figures.timeToRecoverS).toBe(t(fixAt));
    expect(debrief.figures.timeToDrainS).toBe(t(doneAt(11)));
    expect(debrief.figureNotes?.recover).toMatch(/docker network connect/);
    expect(debrief.timeline.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['fix', 'drain-end', 'diagnosis']));
  });

  it('gives the peak the queue reached while nothing consumed it, not the depth at the hand-over', () => {
    const handover = baseline.createdAt;
    const since = (times: string[], at: string) => times.filter((time) => time > handover && time <= at).length;
    const accepted = ledger.map((entry) => entry.acceptedAt);
    const finished = Object.values(finishedAt);
    const depths = [...accepted, ...finished].map((at) => baseline.backlog.depthAtHandover + since(accepted, at) - since(finished, at));
    const peak = Math.max(baseline.backlog.depthAtHandover, ...depths);
    expect(peak).toBeGreaterThan(baseline.backlog.depthAtHandover);
    expect(build({ component: 'worker', cause: 'lost-network' }).figures.backlogPeak).toBe(peak);
  });

  it('offers its follow-up question once the cause is stated, and holds it back before', () => {
    expect(build({ component: 'worker', cause: 'lost-network' }).questions).toEqual([
      expect.objectContaining({ demo: 'healthcheck', command: 'async-outage-lab demo healthcheck' }),
    ]);
    const held = build();
    expect(held.questions).toEqual([]);
    expect(held.questionsHeld).toMatch(/opens once you state the root cause/);
  });
});

describe('partitioned-worker debrief: what counts as the fix', () => {
  it('a failed connect, or one of web, is not the fix; before the answer the notes name no fix', () => {
    const failed = { ...command(doneAt(-20), 'network', 'connect', 'async-outage-lab_default', 'worker'), exitCode: 1 };
    const web = command(doneAt(-10), 'network', 'connect', 'bridge', 'web');
    const debrief = partitionedWorkerDebrief.build({ baseline, entries: [failed, web, entries[1]!], ledger, finishedAt, unread: [] }, () => undefined);
    expect(debrief.figures.fixAttempts).toBe(1);
    expect(debrief.timeline.filter((entry) => entry.kind === 'fix').map((entry) => entry.at)).toEqual([fixAt]);
    expect(debrief.figureNotes?.recover).not.toMatch(/network/);
  });
});
