import { describe, expect, it } from 'vitest';
import { healthAnswer, healthOutcome, type WorkerSeen } from '../../src/scenarios/partitioned-worker/demos/health-outcome.js';
import { type LimitCase, limitAnswer, verdictOf } from '../../src/scenarios/poison-loop/demos/limit-outcome.js';
import { atRest, type BurstCount, burstAnswer, burstOutcome, burstText } from '../../src/scenarios/redis-eviction/demos/burst-outcome.js';

/**
 * The newer outages' demos answer only from what they counted: each figure here is one a real run
 * on the lab's stack recorded; each variation is a run that showed something else, and must not
 * be answered as if it had not.
 */
const silent: BurstCount = {
  policy: 'allkeys-lru',
  resultsHeld: 41,
  sent: 1500,
  accepted: 1500,
  refused: 0,
  left: 14,
  silentlyLost: 1486,
  evictedKeys: 43,
  usedMemory: 735_088,
  maxmemory: 1_572_864,
  settled: true,
};
const loud: BurstCount = {
  policy: 'noeviction',
  resultsHeld: 42,
  sent: 1500,
  accepted: 5,
  refused: 1495,
  refusal: "OOM command not allowed when used memory > 'maxmemory'.",
  left: 5,
  silentlyLost: 0,
  evictedKeys: 0,
  usedMemory: 1_571_904,
  maxmemory: 1_572_864,
  settled: true,
};

describe('loud-or-silent: each burst named by its counts', () => {
  it('the recorded run: lost silently, refused loudly, and the answer carries those counts', () => {
    expect([burstOutcome(silent), burstOutcome(loud)]).toEqual(['lost-silently', 'refused-loudly']);
    expect(burstText(silent)).toBe('Under allkeys-lru, all 1,500 pushes were answered OK and 1,486 of them vanished (evicted_keys 43): nobody was told.');
    expect(burstText(loud)).toContain(
      `1,495 of 1,500 pushes were refused with "OOM command not allowed when used memory > 'maxmemory'." and none of the 5 accepted was lost`,
    );
    expect(burstAnswer(silent, loud)).toMatch(/^Answer: .*\(1,486 of 1,500 under allkeys-lru\); .*\(1,495 refusals under noeviction\)/);
  });
  it('a refusal under eviction, a loss under refusal, a burst that fitted, or Redis still evicting: no answer', () => {
    const variations: Array<[BurstCount, BurstCount, string]> = [
      [{ ...silent, refused: 3, accepted: 1497, silentlyLost: 1483 }, loud, 'refused and lost'],
      [silent, { ...loud, silentlyLost: 2, left: 3 }, 'refused and lost'],
      [{ ...silent, silentlyLost: 0, left: 1500, evictedKeys: 0 }, loud, 'kept everything'],
      [{ ...silent, settled: false }, loud, 'could not tell'],
    ];
    for (const [evicting, refusing, named] of variations) {
      const answer = burstAnswer(evicting, refusing);
      expect(answer).toMatch(/^Could not tell this run: /);
      expect(answer).toContain(named);
    }
    expect(burstText({ ...silent, settled: false })).toMatch(/could not tell what was lost: .*14 of 1,500 accepted pushes queued at the last reading/);
  });

  it('at rest: steady counts, and memory under the limit only where Redis evicts', () => {
    const limit = 1_572_864;
    const over = { left: 4, evictedKeys: 0, usedMemory: limit + 64 }; // a recorded run: 1,572,928 of 1,572,864
    // A refusing Redis the last accepted push left just over its limit stays there: at rest.
    expect(atRest('noeviction', limit, over, over)).toBe(true);
    // An evicting one over its limit is still evicting.
    expect(atRest('allkeys-lru', limit, over, over)).toBe(false);
    expect(atRest('allkeys-lru', limit, over, { ...over, usedMemory: limit - 1 })).toBe(true);
    // Counts still moving, or a first reading with nothing to compare: not yet.
    expect(atRest('noeviction', limit, over, { ...over, left: 6 })).toBe(false);
    expect(atRest('allkeys-lru', limit, { ...over, usedMemory: 1 }, { ...over, usedMemory: 1, evictedKeys: 1 })).toBe(false);
    expect(atRest('noeviction', limit, undefined, over)).toBe(false);
  });
});

const looping = (id: LimitCase['id'], label: string): LimitCase => ({
  id,
  label,
  fate: 'looping',
  deaths: 3,
  exitCodes: [139],
  heldIn: 'unacked',
  received: 3,
  finished: 0,
  behind: 20,
  seconds: 41.2,
});
const limited: LimitCase = {
  id: 'redelivery-limit',
  label: 'the same, and a limit of 2 deliveries',
  fate: 'set-aside',
  deaths: 2,
  exitCodes: [139],
  received: 3,
  setAsideAtDelivery: 3,
  finished: 20,
  behind: 20,
  seconds: 39.5,
};
const recorded = [looping('early-ack', 'early ack (the default)'), looping('acks-late-reject', 'task_acks_late + task_reject_on_worker_lost'), limited];

describe('redelivery-limit: each fate from what was polled for', () => {
  it('the recorded run: two loops and one export set aside, in their own counts', () => {
    expect(verdictOf(limited)).toBe('SET ASIDE at delivery 3, after 2 deaths; 20 of 20 exports behind it finished');
    expect(verdictOf(recorded[0]!)).toBe('LOOPS: 3 deaths in 41.2 s, the export received 3 times and held in unacked; 0 of 20 exports behind it finished');
    expect(limitAnswer(recorded, 2)).toMatch(
      /^Answer: .* with a limit of 2 deliveries it was set aside at delivery 3, after 2 deaths, and 20 of 20 behind it finished/,
    );
  });
  it('a limited export not set aside, or no loop seen without a limit: no answer, and an undecided case says what it saw', () => {
    const undecided = { ...limited, fate: 'undecided' as const, undecidedBecause: 'watched 90 s: 1 deaths, the export in unacked, 0 of 20 behind it finished' };
    delete undecided.setAsideAtDelivery;
    expect(limitAnswer([recorded[0]!, recorded[1]!, undecided], 2)).toMatch(/^Could not tell this run: the limited worker's export was undecided/);
    const gone = { ...recorded[0]!, fate: 'gone' as const, deaths: 1, finished: 20 };
    expect(limitAnswer([gone, { ...gone, id: 'acks-late-reject' as const }, limited], 2)).toMatch(
      /^Could not tell this run: .*0 of 2 unlimited workers were seen looping/,
    );
    expect(verdictOf(undecided)).toBe(`COULD NOT TELL: ${undecided.undecidedBecause}`);
  });
});

const plain: WorkerSeen = {
  ps: 'aol-demo-healthcheck-plain  Up 56 seconds',
  running: true,
  health: 'none',
  failingStreak: 0,
  restartCount: 0,
  sameStart: true,
  networks: [],
};
const checked: WorkerSeen = { ...plain, ps: 'aol-demo-healthcheck-checked  Up 56 seconds (unhealthy)', health: 'unhealthy', failingStreak: 3 };

describe('healthcheck: what Docker did, only as it showed it', () => {
  it('the recorded run: unhealthy past its retries, never restarted, the unchecked one with no health', () => {
    expect(healthOutcome(plain, checked, 2)).toBe('unhealthy-not-restarted');
    expect(healthAnswer(plain, checked, 2, 30.6)).toMatch(
      /^Answer: .* unhealthy 30\.6 s after the cut, .*\(3 failing checks in a row, RestartCount 0, the same process\)/,
    );
  });
  it('a restart, a worker still on a network, a check not past its retries, or never unhealthy: no answer', () => {
    const variations: Array<[WorkerSeen, WorkerSeen, number | undefined]> = [
      [plain, { ...checked, restartCount: 1, sameStart: false }, 30.6],
      [{ ...plain, networks: ['aol-demo-healthcheck'] }, checked, 30.6],
      [plain, { ...checked, failingStreak: 2 }, 30.6],
      [plain, { ...checked, health: 'healthy', failingStreak: 0 }, undefined],
      [{ ...plain, running: false }, checked, 30.6],
    ];
    for (const [p, c, after] of variations) {
      expect(healthOutcome(p, c, 2)).toBe('could-not-tell');
      expect(healthAnswer(p, c, 2, after)).toMatch(/^Could not tell this run: without a check, .*; with one, /);
    }
  });
});
