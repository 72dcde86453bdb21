import { describe, expect, it } from 'vitest';
import { rawEvents } from '../../fixtures/snapshots/lab.js';
import { parseTaskResult } from '../../src/kits/celery-redis/broker/results.js';
import { type AckCase, acksLateAnswer, fateOf, fateSettled } from '../../src/scenarios/worker-oom/demos/acks-late.js';
import {
  demoBacklog,
  eventsOfAccount,
  type RestartWatch,
  restartPolicyAnswer,
  workerDeaths,
  workerLine,
} from '../../src/scenarios/worker-oom/demos/restart-account.js';
import { requiredLimitMiB, WORKER_CAP_BYTES } from '../../src/scenarios/worker-oom/figures.js';

const MIB = 1024 * 1024;

/** Each demo ends in the sentence that answers its question, derived from what it observed. */
const success = parseTaskResult('{"status": "SUCCESS", "result": {"redelivered": true}, "date_done": "2026-12-02T17:00:56.215622+00:00"}');
const failure = parseTaskResult('{"status": "FAILURE", "result": {"exc_type": "WorkerLostError"}, "date_done": "2026-12-02T17:00:56.215622"}');
const pending = parseTaskResult(null);
const nowhere = { queued: false, unacked: false };

describe('acks-late: a fate only from an outcome', () => {
  it('a job in neither place with no result yet is not lost: a pool that acked early may be running it', () => {
    expect(fateOf({ result: pending, afterKill: { queued: false, unacked: true } }, nowhere)).toBe('undecided');
    expect(fateSettled(pending, nowhere)).toBe(false);
  });
  it('a recorded failure held nowhere is a loss; a finished job is settled', () => {
    expect(fateOf({ result: failure, afterKill: nowhere }, nowhere)).toBe('lost');
    expect(fateSettled(failure, nowhere)).toBe(true);
    expect(fateSettled(success, { queued: false, unacked: true })).toBe(true);
  });
});

const ackCase = (
  pool: 'solo' | 'prefork',
  setting: AckCase['setting'],
  label: string,
  fate: AckCase['fate'],
  result = fate === 'lost' ? failure : success,
) => ({ pool, setting, label, fate, result });
const observed = [
  ackCase('solo', 'early-ack', 'default (early ack)', 'parked-then-redelivered'),
  ackCase('solo', 'acks-late', 'task_acks_late', 'parked-then-redelivered'),
  ackCase('solo', 'acks-late-reject', 'task_acks_late + task_reject_on_worker_lost', 'parked-then-redelivered'),
  ackCase('prefork', 'early-ack', 'default (early ack)', 'lost'),
  ackCase('prefork', 'acks-late', 'task_acks_late', 'lost'),
  ackCase('prefork', 'acks-late-reject', 'task_acks_late + task_reject_on_worker_lost', 'redelivered-at-once'),
];

describe('acks-late: the answer', () => {
  it('names the one setting under which the killed job came back and finished in every pool, and where it was lost', () => {
    expect(acksLateAnswer(observed)).toBe(
      'Answer: task_acks_late + task_reject_on_worker_lost (solo: parked, then redelivered after the visibility timeout, prefork: redelivered at once): under it the killed job came back and finished in every pool. ' +
        'The job was lost under prefork · default (early ack); prefork · task_acks_late.',
    );
  });
  it('says it could not tell, and for which cases, instead of naming a fate it did not see', () => {
    const unsure = observed.map((c) => (c.pool === 'prefork' && c.setting === 'acks-late-reject' ? { ...c, fate: 'undecided' as const, result: pending } : c));
    const answer = acksLateAnswer(unsure);
    expect(answer).toMatch(/^No setting brought the killed job back in every pool in this run\./);
    expect(answer).toMatch(/Could not tell for prefork · task_acks_late \+ task_reject_on_worker_lost/);
  });
});

describe('restart-policy: one account of each worker', () => {
  // A real crash loop under --restart=on-failure (fixtures/docker/capture-restart-loop.sh).
  const events = rawEvents('events-worker-restart-loop-update').map((e) => e as { Action: string; timeNano: number; time: number });
  const timed = events.map((e) => ({ action: e.Action.split(':')[0]!, timeNano: e.timeNano }));
  const dies = events.filter((e) => e.Action === 'die');
  // What the demo read at each death: FinishedAt within a millisecond of the die event, and one more export parked each time.
  const readings = dies.map((die, i) => ({ finishedAt: new Date(die.timeNano / 1e6 - 0.5).toISOString(), parked: i + 1 }));
  const deaths = workerDeaths(timed, readings);

  it('counts each death once, with what it parked and how long Docker took to start it again', () => {
    expect(deaths).toHaveLength(dies.length);
    expect(deaths.map((d) => d.parked)).toEqual(dies.map((_, i) => i + 1));
    expect(deaths.every((d) => d.restartedAfterS !== undefined && d.restartedAfterS > 0 && d.restartedAfterS < 60)).toBe(true);
  });

  it('an account ending at a reading: a death after its start is left out, a start up to its read of the worker is kept', () => {
    const secondDie = dies[1]!.timeNano / 1e9;
    // The reading began just before the second death and read the worker 2 s later (past the restart).
    const held = workerDeaths(eventsOfAccount(timed, secondDie - 0.001, secondDie + 60), readings);
    expect(held).toHaveLength(1);
    expect(held[0]?.restartedAfterS).toBeGreaterThan(0);
    // Read before Docker started it again: the death is held, its start not yet.
    const firstDie = dies[0]!.timeNano / 1e9;
    const open = workerDeaths(eventsOfAccount(timed, firstDie, firstDie + 0.001), readings);
    expect(open).toHaveLength(1);
    expect(open[0]?.restartedAfterS).toBeUndefined();
  });

  const watch = (over: Partial<RestartWatch>): RestartWatch => ({
    name: 'w',
    policy: 'on-failure',
    memoryMiB: 160,
    exports: 30,
    restartCount: 0,
    deaths: [],
    parkedAfterDeath: [],
    restartGapsS: [],
    finalLine: '',
    queueDepth: 0,
    unacked: 0,
    ...over,
  });
  const low = watch({ deaths, restartCount: 4, restartingLine: 'aol-demo-restart-low  Restarting (137) 1 second ago' });
  const room = watch({ memoryMiB: 512, drainedAfterS: 41.2 });

  it('writes one line per worker whose figures agree: as many parked counts and gaps as deaths', () => {
    const line = workerLine(low, 60);
    expect(line).toMatch(
      /died 4 times in 60 s; parked in unacked after each death: 1, 2, 3, 4; Docker started it again after: [\d.]+ s, [\d.]+ s, [\d.]+ s, [\d.]+ s; RestartCount 4$/,
    );
    expect(workerLine(room, 60)).toMatch(/never died; drained its 30 exports 41.2 s into the demo; RestartCount 0$/);
  });

  it('answers the question from the two workers under on-failure', () => {
    expect(restartPolicyAnswer(low, room, 60)).toMatch(
      /^Answer: --restart=on-failure brings the worker back but keeps it dying: under 160 MiB Docker started it again 4 times and it died 4 times, each death leaving one more export in unacked \(4 by the last\); `docker ps -a` shows it "Restarting \(137\)" between runs.* and RestartCount climbing \(4\); with 512 MiB the same policy never had to act: it stayed Up and drained its queue in 41.2 s\.$/,
    );
    expect(restartPolicyAnswer(watch({ deaths: deaths.slice(0, 1) }), room, 60)).toMatch(/^Could not tell: /);
  });

  it('feeds each worker a bounded backlog: the fatal export, then one large export per restart to see', () => {
    const tasks = demoBacklog();
    const large = tasks.filter((t) => t.report === 'orders-full-history');
    expect(large).toHaveLength(4);
    for (const task of large) expect(requiredLimitMiB(task.rows)).toBeGreaterThan(WORKER_CAP_BYTES / MIB + 20);
    expect(tasks.length).toBeLessThan(60);
  });
});
