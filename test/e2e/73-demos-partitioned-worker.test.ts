import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContainer } from '../../src/docker/engine.js';
import { infoField, UNACKED_HASH } from '../../src/kits/celery-redis/broker/redis.js';
import { findMessage } from '../../src/kits/celery-redis/broker/results.js';
import { redisPasswordInContainer, withLabRedis } from '../../src/kits/celery-redis/observe/lab-redis.js';
import { expectRefusedBeforeDiagnosis, firstMatch, learnersContainers, runDemoJson, runDemoText, stateRootCause } from './demo-run.js';
import { lab, labHome } from './harness.js';

/** The learner's redis as the demo must leave it: the same server, the cut-off worker's export still in its hands, nothing of the demo's. */
async function learnersRedis(inFlightId: string) {
  return withLabRedis(redisPasswordInContainer(await inspectContainer('redis')), async (redis) => {
    const [server, queue, unacked, where] = await Promise.all([
      redis.info('server'),
      redis.lrange('celery', 0, -1),
      redis.hvals(UNACKED_HASH),
      findMessage(redis, inFlightId),
    ]);
    return {
      runId: infoField(server, 'run_id'),
      depth: queue.length,
      unacked: unacked.length,
      inFlightUnacked: where.unacked,
      demoMessages: [...queue, ...unacked].filter((raw) => raw.includes('demo@async-outage-lab')).length,
    };
  });
}

const ANSWER =
  /^Answer: a check that asks the worker itself through the broker turned it unhealthy ([\d.]+) s after the cut, while the unchecked one shows Up with no health at all; Docker only marks it \((\d+) failing checks in a row, RestartCount 0, the same process\): /;
const PLAIN_UP = /^aol-demo-healthcheck-plain {2}Up [^()]+$/;

/**
 * healthcheck on the real stack, beside a staged partitioned-worker lab: two workers cut off from
 * their broker, one with a HEALTHCHECK of `celery inspect ping`. What it concludes must be what
 * Docker showed (health, failing streak, restarts, networks), and the learner's lab, its worker
 * still cut off and holding its export, must be as it was.
 */
describe('partitioned-worker: the healthcheck demo beside the staged lab', () => {
  let inFlightId: string;
  let before: { containers: Awaited<ReturnType<typeof learnersContainers>>; redis: Awaited<ReturnType<typeof learnersRedis>> };

  beforeAll(async () => {
    const up = await lab(['up', 'partitioned-worker'], { timeoutMs: 300_000 });
    expect(up.exitCode, up.all).toBe(0);
    inFlightId = (JSON.parse(readFileSync(join(labHome, 'baseline.json'), 'utf8')) as { backlog: { inFlightId: string } }).backlog.inFlightId;
  });
  afterAll(async () => {
    await lab(['down']);
  });

  it('refuses before a root cause is stated, and starts nothing', async () => {
    await expectRefusedBeforeDiagnosis('healthcheck');
    await stateRootCause('worker', 'lost-network');
    before = { containers: await learnersContainers(), redis: await learnersRedis(inFlightId) };
    expect(before.redis).toMatchObject({ inFlightUnacked: true, demoMessages: 0 });
  });

  it('--json: both cut off and still Up; only the checked one turns unhealthy, its checks keep failing, and Docker restarts neither', async () => {
    const { figures, observed } = await runDemoJson('healthcheck');
    const { before, after, workers, check } = figures;
    expect(before[0]).toMatch(PLAIN_UP);
    expect(before[1]).toMatch(/^aol-demo-healthcheck-checked {2}Up .*\(healthy\)$/);
    expect(after[0]).toMatch(PLAIN_UP);
    expect(after[1]).toMatch(/^aol-demo-healthcheck-checked {2}Up .*\(unhealthy\)$/);
    // Both off every network, still the process started before the cut, never restarted.
    for (const w of [workers.plain, workers.checked]) expect(w).toMatchObject({ running: true, restartCount: 0, sameStart: true, networks: [] });
    expect(workers.plain).toMatchObject({ health: 'none', failingStreak: 0 });
    expect(workers.plain.ps).toMatch(PLAIN_UP);
    expect(workers.checked.health).toBe('unhealthy');
    expect(workers.checked.ps).toMatch(/\(unhealthy\)$/);
    // Past the streak that made it unhealthy: Docker ran another check, and still restarted nothing.
    expect(workers.checked.failingStreak).toBeGreaterThan(check.retries);
    expect(figures.unhealthyAfterS).toBeGreaterThan(0);
    expect(figures.unhealthyAfterS).toBeLessThanOrEqual(figures.unhealthyTimeoutSeconds);

    // The sentences quote exactly what was read.
    expect(observed[0]).toBe(`Before the cut: ${before.join('; ')}.`);
    expect(observed[1]).toBe(`${figures.unhealthyAfterS} s after the cut, \`docker ps\` shows: ${after.join('; ')}.`);
    expect(observed.at(-1)).toBe(figures.answer);
    expect(ANSWER.exec(figures.answer)?.slice(1).map(Number)).toEqual([figures.unhealthyAfterS, workers.checked.failingStreak]);
  });

  it('the text a learner reads ends in the answer, timed as the sentence before it', async () => {
    const lines = await runDemoText('healthcheck');
    const said = (pattern: RegExp) => firstMatch(lines, pattern);
    const [after] =
      said(/^([\d.]+) s after the cut, `docker ps` shows: aol-demo-healthcheck-plain {2}Up [^()]+; aol-demo-healthcheck-checked {2}Up .*\(unhealthy\)\.$/) ??
      [];
    expect(after).toBeDefined();
    expect(said(ANSWER)?.[0]).toBe(after);
  });

  it("leaves the learner's lab as it found it: every container Up, its worker still on no network and holding its export", async () => {
    const after = { containers: await learnersContainers(), redis: await learnersRedis(inFlightId) };
    expect(after.containers).toEqual(before.containers);
    expect(after.containers.inspect.find((line) => line.startsWith('/worker '))).toMatch(/ running .* \[\]$/);
    expect(after.redis).toMatchObject({ runId: before.redis.runId, unacked: before.redis.unacked, inFlightUnacked: true, demoMessages: 0 });
    expect(after.redis.depth).toBeGreaterThanOrEqual(before.redis.depth);
  });
});
