import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContainer } from '../../src/docker/engine.js';
import { infoField, UNACKED_HASH } from '../../src/kits/celery-redis/broker/redis.js';
import { findMessage } from '../../src/kits/celery-redis/broker/results.js';
import { redisPasswordInContainer, withLabRedis } from '../../src/kits/celery-redis/observe/lab-redis.js';
import { expectRefusedBeforeDiagnosis, firstMatch, learnersContainers, runDemoJson, runDemoText, stateRootCause } from './demo-run.js';
import { lab, labHome } from './harness.js';

/** The learner's redis as the demo must leave it: the same server, the crashing export still looping, nothing of the demo's. */
async function learnersRedis(poisonId: string) {
  return withLabRedis(redisPasswordInContainer(await inspectContainer('redis')), async (redis) => {
    const [server, queue, unacked, deadLetters, counters, where] = await Promise.all([
      redis.info('server'),
      redis.lrange('celery', 0, -1),
      redis.hvals(UNACKED_HASH),
      redis.llen('exports.dead-letter'),
      redis.keys('exports.deliveries:*'),
      findMessage(redis, poisonId),
    ]);
    return {
      runId: infoField(server, 'run_id'),
      depth: queue.length,
      poisonHeld: where.queued || where.unacked,
      demoMessages: [...queue, ...unacked].filter((raw) => raw.includes('demo@async-outage-lab')).length,
      deadLetters,
      deliveryCounters: counters.length,
    };
  });
}

/** `docker inspect`'s line for one container, without what the worker's own loop changes (its state, start and restart count). */
const identity = (line: string) => line.split(' ').filter((_, i) => ![2, 3, 4].includes(i));

const LIMIT_LINE = /^the same, and a limit of (\d+) deliveries +SET ASIDE at delivery (\d+), after (\d+) deaths?; (\d+) of (\d+) exports behind it finished$/;
const LOOP_LINE =
  / +LOOPS: (\d+) deaths in [\d.]+ s, the export received (\d+) times and (back in the queue|held in unacked); (\d+) of (\d+) exports behind it finished$/;
const ANSWER =
  /^Answer: without a limit each death handed the same export back and the worker died again \(.+\); with a limit of (\d+) deliveries it was set aside at delivery (\d+), after (\d+) deaths?, and (\d+) of (\d+) behind it finished: a redelivery limit bounds the crashes\.$/;

/**
 * redelivery-limit on the real stack, beside a staged poison-loop lab: one export that crashes its
 * worker, under three settings. What it concludes must be what it counted (deaths, deliveries, the
 * dead-letter entry, the exports behind), and the learner's looping lab must be as it was.
 */
describe('poison-loop: the redelivery-limit demo beside the staged lab', () => {
  let poisonId: string;
  let before: { containers: Awaited<ReturnType<typeof learnersContainers>>; redis: Awaited<ReturnType<typeof learnersRedis>> };

  beforeAll(async () => {
    const up = await lab(['up', 'poison-loop'], { timeoutMs: 300_000 });
    expect(up.exitCode, up.all).toBe(0);
    poisonId = (JSON.parse(readFileSync(join(labHome, 'baseline.json'), 'utf8')) as { poison: { id: string } }).poison.id;
  });
  afterAll(async () => {
    await lab(['down']);
  });

  it('refuses before a root cause is stated, and starts nothing', async () => {
    await expectRefusedBeforeDiagnosis('redelivery-limit');
    await stateRootCause('worker', 'poison-message');
    before = { containers: await learnersContainers(), redis: await learnersRedis(poisonId) };
    expect(before.redis).toMatchObject({ poisonHeld: true, demoMessages: 0, deadLetters: 0, deliveryCounters: 0 });
  });

  it('--json: without a limit the same export kills the worker again and again; with a limit of 2 it is set aside at delivery 3 after 2 deaths and the exports behind it finish', async () => {
    const { figures, observed } = await runDemoJson('redelivery-limit');
    const { cases, redeliveryLimit } = figures;
    expect(cases.map((c: any) => c.id)).toEqual(['early-ack', 'acks-late-reject', 'redelivery-limit']);
    for (const c of cases) {
      expect(c.finished).toBeLessThanOrEqual(c.behind);
      // A death read while the container lay exited shows its code: a segmentation fault, nothing else.
      for (const code of c.exitCodes) expect(code, c.id).toBe(139);
    }
    // Set aside: the worker's own dead-letter entry counts one delivery past the limit; every delivery
    // before it killed the worker, each is in its log, and the exports behind it all finished.
    const limited = cases[2];
    expect(limited).toMatchObject({ fate: 'set-aside', setAsideAtDelivery: redeliveryLimit + 1, deaths: redeliveryLimit, finished: limited.behind });
    expect(limited.received).toBe(limited.setAsideAtDelivery);
    // Looping: at least 3 deaths, each on the crashing export (the log has it received at least as often), and Redis holds it again.
    const looping = cases.filter((c: any) => c.fate === 'looping');
    expect(looping.length).toBeGreaterThanOrEqual(1);
    for (const c of looping) {
      expect(c.deaths, c.id).toBeGreaterThanOrEqual(3);
      expect(c.received, c.id).toBeGreaterThanOrEqual(c.deaths);
      expect(['queue', 'unacked']).toContain(c.heldIn);
    }
    for (const c of cases.filter((c: any) => c.fate === 'undecided')) expect(c.undecidedBecause).toMatch(/^watched \d+ s: /);

    // Each sentence states exactly those counts.
    expect(LIMIT_LINE.exec(String(observed[2]))?.slice(1).map(Number)).toEqual([
      redeliveryLimit,
      limited.setAsideAtDelivery,
      limited.deaths,
      limited.finished,
      limited.behind,
    ]);
    cases.forEach((c: any, i: number) => {
      if (c.fate !== 'looping') return;
      const said = LOOP_LINE.exec(String(observed[i]));
      expect(said?.slice(1), observed[i]).toEqual([
        String(c.deaths),
        String(c.received),
        c.heldIn === 'queue' ? 'back in the queue' : 'held in unacked',
        String(c.finished),
        String(c.behind),
      ]);
    });
    expect(observed.at(-1)).toBe(figures.answer);
    expect(ANSWER.exec(figures.answer)?.slice(1).map(Number)).toEqual([
      redeliveryLimit,
      limited.setAsideAtDelivery,
      limited.deaths,
      limited.finished,
      limited.behind,
    ]);
  });

  it("the text a learner reads ends in the answer, whose counts are those of the limited worker's line", async () => {
    const lines = await runDemoText('redelivery-limit');
    const said = (pattern: RegExp) => firstMatch(lines, pattern);
    const limited = said(LIMIT_LINE);
    expect(limited).toBeDefined();
    expect(said(ANSWER)).toEqual(limited);
  });

  it("leaves the learner's lab as it found it: the same containers, its worker still looping on the same export", async () => {
    const after = { containers: await learnersContainers(), redis: await learnersRedis(poisonId) };
    expect(after.containers.names).toEqual(before.containers.names);
    const [webBefore, redisBefore, workerBefore] = before.containers.inspect;
    const [webAfter, redisAfter, workerAfter] = after.containers.inspect;
    expect([webAfter, redisAfter]).toEqual([webBefore, redisBefore]);
    // The worker's own loop goes on: the same container, cap and policy; only its restarts add up.
    expect(identity(String(workerAfter))).toEqual(identity(String(workerBefore)));
    expect(Number(workerAfter?.split(' ')[4])).toBeGreaterThanOrEqual(Number(workerBefore?.split(' ')[4]));
    expect(after.redis).toMatchObject({ runId: before.redis.runId, poisonHeld: true, demoMessages: 0, deadLetters: 0, deliveryCounters: 0 });
    expect(after.redis.depth).toBeGreaterThanOrEqual(before.redis.depth);
  });
});
