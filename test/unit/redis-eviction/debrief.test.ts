import { describe, expect, it } from 'vitest';
import { figureLines } from '../../../src/cli/debrief-view.js';
import { buildEvictionDebrief } from '../../../src/scenarios/redis-eviction/debrief/index.js';
import type { SessionEntry } from '../../../src/shim/session-log.js';
import { recordedBaseline, recordedSnapshot } from './fixture-snapshot.js';

/**
 * The path recorded in fixtures/redis-eviction (broken at 15:03:57, fixed-drained at 15:13:50):
 * the policy first, while Redis was full, so the worker died on a result Redis refused (exit 1);
 * then room, the re-drive's help and a dry run, `docker start worker`, the re-drive, check --wait.
 */
const command = (at: string, ...argv: string[]): SessionEntry => ({ at: `2026-12-06T${at}Z`, argv, exitCode: 0, durationMs: 50, cwd: '/' });
const session = [
  command('15:05:10.000', 'exec', 'redis', 'redis-cli', 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction'),
  command('15:06:00.000', 'exec', 'redis', 'redis-cli', 'CONFIG', 'SET', 'maxmemory', '64mb'),
  command('15:06:30.000', 'exec', 'web', 'redrive-exports', '--help'),
  command('15:06:40.000', 'exec', 'web', 'redrive-exports', '--dry-run'),
  command('15:07:00.000', 'start', 'worker'),
  command('15:07:10.000', 'exec', 'web', 'redrive-exports'),
];
const baseline = { ...recordedBaseline(), statement: { component: 'redis', cause: 'evicting-keys', at: '2026-12-06T15:08:00.000Z' } };
const snapshot = {
  ...recordedSnapshot('fixed-drained'),
  events: [
    { time: '2026-12-06T15:05:12.500Z', action: 'die', exitCode: 1, name: 'worker' },
    { time: '2026-12-06T15:07:00.400Z', action: 'start', name: 'worker' },
  ],
};
// Every export the ledger holds finished: those accepted before the last fix by 15:07:41.5, the
// customers' later ones up to the recording (the newest result says nothing of the backlog).
const ledger = snapshot.web.ledger ?? [];
const beforeFix = ledger.filter((entry) => entry.acceptedAt <= '2026-12-06T15:07:10.000Z');
const finishedAt: Record<string, string> = Object.fromEntries(
  ledger.map((entry) => [entry.id, entry.acceptedAt <= '2026-12-06T15:07:10.000Z' ? '2026-12-06T15:07:20.000Z' : '2026-12-06T15:13:45.000Z']),
);
finishedAt[beforeFix.at(-1)!.id] = '2026-12-06T15:07:41.500Z';
const debrief = buildEvictionDebrief({ at: '2026-12-06T15:13:50.011Z', baseline, session, snapshot, finishedAt, unread: [] }, () => undefined);

describe('redis-eviction debrief, from the recorded fix', () => {
  it('counts only the commands that change what Redis keeps or queue exports again as fixes, not help or a dry run', () => {
    expect(debrief.figures.fixAttempts).toBe(3);
    expect(debrief.timeline.filter((entry) => entry.kind === 'fix').map((entry) => entry.text)).toEqual([
      'docker exec redis redis-cli CONFIG SET maxmemory-policy noeviction',
      'docker exec redis redis-cli CONFIG SET maxmemory 64mb',
      'docker exec web redrive-exports',
    ]);
  });

  it("shows the worker's death when Redis refused its result, and its start by hand", () => {
    expect(debrief.timeline.filter((entry) => entry.kind === 'death' || entry.kind === 'start').map((entry) => entry.text)).toEqual([
      'worker exited (1)',
      'worker started',
    ]);
  });

  it('times the drain to when the last export accepted before the last fix finished, and says what each time figure measures', () => {
    expect(beforeFix.length).toBeGreaterThan(1000);
    // The last fix (the re-drive at 15:07:10) came after the worker's start at 15:07:00.4.
    expect(debrief.figures.timeToRecoverS).toBe(192.3);
    expect(debrief.figures.timeToDrainS).toBe(223.8);
    expect(debrief.timeline.find((entry) => entry.kind === 'drain-end')?.at).toBe('2026-12-06T15:07:41.500Z');
    expect(debrief.figureNotes?.recover).toMatch(/changed what Redis keeps or queued the lost exports again/);
  });

  it("claims no peak for a backlog Redis evicted as it queued: the busy hour's size is not a depth anyone read", () => {
    expect(debrief.figures.backlogPeak).toBeNull();
    expect(figureLines(debrief).find((line) => line.startsWith('backlog'))).toMatch(/at handover, its peak not measured$/);
  });
});

it('a result evicted before the fix does not hold the drain open; an export of the backlog not finished does', () => {
  const evicted = { ...finishedAt };
  delete evicted[beforeFix[0]!.id];
  const withEvicted = buildEvictionDebrief({ at: '2026-12-06T15:13:50.011Z', baseline, session, snapshot, finishedAt: evicted, unread: [] }, () => undefined);
  expect(withEvicted.figures.timeToDrainS).toBe(223.8);
  const notReady = { ...snapshot, web: { ...snapshot.web, ledger: ledger.map((entry, i) => (i === 0 ? { ...entry, ready: false } : entry)) } };
  const open = buildEvictionDebrief({ at: '2026-12-06T15:13:50.011Z', baseline, session, snapshot: notReady, finishedAt, unread: [] }, () => undefined);
  expect(open.figures.timeToDrainS).toBeNull();
  expect(open.timeline.some((entry) => entry.kind === 'drain-end')).toBe(false);
});

it('recovery waits for a container that died to start again, when that comes after the last fix', () => {
  const lateStart = { ...snapshot, events: [snapshot.events[0]!, { time: '2026-12-06T15:09:00.000Z', action: 'start', name: 'worker' }] };
  const late = buildEvictionDebrief({ at: '2026-12-06T15:13:50.011Z', baseline, session, snapshot: lateStart, finishedAt, unread: [] }, () => undefined);
  expect(late.figures.timeToRecoverS).toBe(302.3);
});

it("counts redis-cli's own -h and -n as a fix's options, not as help or a dry run; names no fix before the answer", () => {
  const withHost = [command('15:06:00.000', 'exec', 'redis', 'redis-cli', '-h', '127.0.0.1', '-n', '0', 'CONFIG', 'SET', 'maxmemory', '64mb')];
  const hosted = buildEvictionDebrief(
    { at: '2026-12-06T15:13:50.011Z', baseline: recordedBaseline(), session: withHost, snapshot, finishedAt, unread: [] },
    () => undefined,
  );
  expect(hosted.figures.fixAttempts).toBe(1);
  expect(hosted.figureNotes?.recover).not.toMatch(/Redis/);
});
