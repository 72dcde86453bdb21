import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContainer } from '../../src/docker/engine.js';
import { infoField, UNACKED_HASH } from '../../src/kits/celery-redis/broker/redis.js';
import { redisPasswordInContainer, withLabRedis } from '../../src/kits/celery-redis/observe/lab-redis.js';
import { noTouch } from '../../src/scenarios/redis-eviction/observe/read-memory.js';
import { expectRefusedBeforeDiagnosis, firstMatch, learnersContainers, runDemoJson, runDemoText, stateRootCause } from './demo-run.js';
import { lab } from './harness.js';

/** The learner's redis as the demo must leave it: the same server, its cache settings, its eviction count, no demo message. */
async function learnersRedis() {
  return withLabRedis(redisPasswordInContainer(await inspectContainer('redis')), async (redis) => {
    await noTouch(redis); // reading must not shield the queue from the LRU
    const [server, stats, config, queue, unacked] = await Promise.all([
      redis.info('server'),
      redis.info('stats'),
      redis.config('GET', 'maxmemory*'),
      redis.lrange('celery', 0, -1),
      redis.hvals(UNACKED_HASH),
    ]);
    const settings = Object.fromEntries((config as string[]).flatMap((v, i, all) => (i % 2 ? [] : [[v, all[i + 1]]])));
    return {
      runId: infoField(server, 'run_id'),
      policy: settings['maxmemory-policy'],
      maxmemory: settings.maxmemory,
      evictedKeys: Number(infoField(stats, 'evicted_keys')),
      demoMessages: [...queue, ...unacked].filter((raw) => raw.includes('demo@async-outage-lab')).length,
    };
  });
}

/** A count as the demo prints it (1,500), as a number. */
const count = (printed: string) => Number(printed.replaceAll(',', ''));

const SILENT = /^Under allkeys-lru, all ([\d,]+) pushes were answered OK and ([\d,]+) of them vanished \(evicted_keys ([\d,]+)\): nobody was told\.$/;
const LOUD =
  /^Under noeviction, ([\d,]+) of ([\d,]+) pushes were refused with "(OOM command not allowed[^"]*)" and none of the ([\d,]+) accepted was lost: the producer knows, and can answer its customer with an error and retry later\.$/;
const ANSWER =
  /^Answer: a broker that evicts takes work and drops it without a word \(([\d,]+) of ([\d,]+) under allkeys-lru\); one that refuses says no at once \(([\d,]+) refusals under noeviction\) and loses nothing it accepted/;

/**
 * loud-or-silent on the real stack, beside a staged redis-eviction lab: the same burst into a full
 * Redis that evicts and into one that refuses. What it concludes must be what it counted, and the
 * learner's lab (its containers and its cache-configured redis) must be as it was.
 */
describe('redis-eviction: the loud-or-silent demo beside the staged lab', () => {
  let before: { containers: Awaited<ReturnType<typeof learnersContainers>>; redis: Awaited<ReturnType<typeof learnersRedis>> };

  beforeAll(async () => {
    const up = await lab(['up', 'redis-eviction'], { timeoutMs: 300_000 });
    expect(up.exitCode, up.all).toBe(0);
  });
  afterAll(async () => {
    await lab(['down']);
  });

  it('refuses before a root cause is stated, and starts nothing', async () => {
    await expectRefusedBeforeDiagnosis('loud-or-silent');
    await stateRootCause('redis', 'evicting-keys');
    before = { containers: await learnersContainers(), redis: await learnersRedis() };
    expect(before.redis).toMatchObject({ policy: 'allkeys-lru', demoMessages: 0 });
  });

  it('--json: under allkeys-lru every push is answered OK and the lost ones are the accepted ones missing; under noeviction the refusals are real and nothing accepted is lost', async () => {
    const { figures, observed } = await runDemoJson('loud-or-silent');
    const { silent, loud } = figures;
    for (const burst of [silent, loud]) {
      expect(burst.settled, `${burst.policy} came to rest`).toBe(true);
      expect(burst.accepted + burst.refused).toBe(burst.sent);
      // Lost is what was accepted and is no longer queued: the counts add up.
      expect(burst.left + burst.silentlyLost).toBe(burst.accepted);
      expect(burst.resultsHeld).toBeGreaterThan(0);
    }
    // Evicting: no refusal, accepted work gone, and Redis says it evicted.
    expect(silent).toMatchObject({ policy: 'allkeys-lru', sent: 1500, refused: 0 });
    expect(silent.silentlyLost).toBeGreaterThan(0);
    expect(silent.evictedKeys).toBeGreaterThan(0);
    // Refusing: Redis's own refusal, nothing evicted, everything accepted still queued.
    expect(loud).toMatchObject({ policy: 'noeviction', sent: 1500, silentlyLost: 0, evictedKeys: 0 });
    expect(loud.refused).toBeGreaterThan(0);
    expect(loud.refusal).toMatch(/^OOM command not allowed/);

    // Each sentence states exactly those counts.
    expect(SILENT.exec(String(observed[0]))?.slice(1).map(count)).toEqual([silent.sent, silent.silentlyLost, silent.evictedKeys]);
    const loudSaid = LOUD.exec(String(observed[1]));
    expect(loudSaid?.slice(1).map((v, i) => (i === 2 ? v : count(v)))).toEqual([loud.refused, loud.sent, loud.refusal, loud.accepted]);
    expect(observed.at(-1)).toBe(figures.answer);
    expect(ANSWER.exec(figures.answer)?.slice(1).map(count)).toEqual([silent.silentlyLost, silent.accepted, loud.refused]);
  });

  it('the text a learner reads ends in the answer, whose counts are those of the sentences before it', async () => {
    const lines = await runDemoText('loud-or-silent');
    const said = (pattern: RegExp) => firstMatch(lines, pattern);
    const [sent, lost] = said(SILENT) ?? [];
    const [refused] = said(LOUD) ?? [];
    expect(said(ANSWER)).toEqual([lost, sent, refused]);
  });

  it("leaves the learner's lab as it found it", async () => {
    const after = { containers: await learnersContainers(), redis: await learnersRedis() };
    expect(after.containers).toEqual(before.containers);
    // The same redis, still a cache: the demo's CONFIG SET, RESETSTAT and FLUSHALL went to its own.
    expect(after.redis).toMatchObject({ runId: before.redis.runId, policy: 'allkeys-lru', maxmemory: before.redis.maxmemory, demoMessages: 0 });
    expect(after.redis.evictedKeys).toBeGreaterThanOrEqual(before.redis.evictedKeys);
  });
});
