import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContainer } from '../../src/docker/engine.js';
import { readQueueHealth } from '../../src/kits/celery-redis/broker/redis.js';
import { redisPasswordInContainer, withLabRedis } from '../../src/kits/celery-redis/observe/lab-redis.js';
import { demoLeftovers, learnersContainers, runDemoJson } from './demo-run.js';
import { docker, env, eventually, lab, labHome, labProcess } from './harness.js';

/**
 * The three demos on the real stack, beside a real broken lab: each shows what it claims, ends in
 * under 2 minutes, and leaves the learner's containers and queue as they were. Then the learner
 * fixes the outage through the recording shim, and `debrief` writes its postmortem.
 */
const json = (text: string) => JSON.parse(text) as Record<string, any>;

/** What a demo must not change: the learner's three containers and what their redis holds. */
async function learnersLab() {
  const { inspect, names } = await learnersContainers();
  const queue = await withLabRedis(redisPasswordInContainer(await inspectContainer('redis')), readQueueHealth);
  return { inspect, names, depth: queue.queueDepth, unacked: queue.unackedCount, oldest: queue.oldestExportId };
}

describe('the demos beside a broken lab', () => {
  let before: Awaited<ReturnType<typeof learnersLab>>;

  beforeAll(async () => {
    const up = await lab(['reset', '--backlog', '300'], { timeoutMs: 180_000 });
    expect(up.exitCode, up.all).toBe(0);
  });
  afterAll(async () => {
    await lab(['down']);
  });

  it('refuses to run before a root cause is stated, and starts nothing', async () => {
    const refused = await lab(['demo', 'acks-late']);
    expect(refused.exitCode, refused.all).toBe(1);
    expect(refused.stderr).toMatch(/state what broke first/);
    expect(await demoLeftovers()).toEqual([]);
    const stated = await lab(['check', '--component', 'worker', '--cause', 'oom-killed', '--json']);
    expect(stated.exitCode, stated.all).toBe(1); // stated, not fixed
    before = await learnersLab();
  });

  it('acks-late: prefork with acks_late + reject_on_worker_lost redelivers the killed job at once and it finishes; the others as observed; it ends in the answer', async () => {
    const { figures, observed } = await runDemoJson('acks-late');
    const fate = (pool: string, setting: string) => figures.cases.find((c: any) => c.pool === pool && c.setting === setting);
    const rescued = fate('prefork', 'acks-late-reject');
    expect(rescued).toMatchObject({ fate: 'redelivered-at-once', redeliveredFlag: true, result: { status: 'SUCCESS' } });
    expect(rescued.redeliveredAfterS).toBeLessThan(figures.visibilityTimeoutSeconds);
    expect(fate('prefork', 'early-ack')).toMatchObject({ fate: 'lost', result: { status: 'FAILURE' } });
    for (const setting of ['early-ack', 'acks-late', 'acks-late-reject']) {
      // The solo pool's ack runs only after the task returns: the killed job waits in unacked for the visibility timeout.
      expect(fate('solo', setting), setting).toMatchObject({
        container: 'exited (137)',
        afterKill: { unacked: true },
        fate: 'parked-then-redelivered',
        result: { status: 'SUCCESS' },
      });
    }
    // A loss is only ever a recorded failure, never a job not seen yet.
    for (const c of figures.cases.filter((c: any) => c.fate === 'lost')) expect(c.result.status).toBe('FAILURE');
    expect(observed.at(-1)).toBe(figures.answer);
    expect(figures.answer).toMatch(
      /^Answer: task_acks_late \+ task_reject_on_worker_lost \(solo: parked, then redelivered after the visibility timeout, prefork: redelivered at once\)/,
    );
  });

  it('paging: names the signal that fires first and how long before the backlog reached 1,487', async () => {
    const { figures, observed } = await runDemoJson('paging');
    expect(figures.reachedAtS).toBeGreaterThan(figures.diedAtS);
    expect(figures.firstSignal).not.toBeNull();
    const first = figures.rules.find((r: any) => r.rule.signal === figures.firstSignal);
    expect(first.leadS).toBeGreaterThan(0);
    // Nothing pages before the fatal export joins the queue.
    expect(first.firedAtS).toBeGreaterThan(figures.fatalAtS);
    if (first.afterIncidentS < 0) {
      // A solo worker busy on its fatal export sends no heartbeats, and its death is read by polling:
      // only the consumers rule can fire before the death is seen, and the demo says so.
      expect(first.rule.signal).toBe('consumers');
      expect(observed).toContainEqual(expect.stringMatching(/^live consumers < .*: fired [\d.]+ s before the death was seen, /));
    }
  });

  it('restart-policy: under the old cap it dies again and again and jobs park; with room it stays up and drains; it ends in the answer', async () => {
    const { figures, observed } = await runDemoJson('restart-policy');
    const worker = (name: string) => figures.workers.find((w: any) => w.name === name);
    const low = worker('aol-demo-restart-low');
    expect(low.restartCount).toBeGreaterThanOrEqual(3);
    // One account: as many parked counts as deaths, one more export parked at each, a gap for each restart.
    expect(low.deaths.length).toBeGreaterThanOrEqual(low.restartCount);
    expect(low.parkedAfterDeath).toHaveLength(low.deaths.length);
    expect(low.parkedAfterDeath.at(-1)).toBeGreaterThanOrEqual(3);
    expect(low.restartGapsS).toHaveLength(low.deaths.filter((d: any) => d.restartedAfterS !== undefined).length);
    expect(low.restartGapsS.length).toBeGreaterThanOrEqual(3);
    expect(worker('aol-demo-restart-low-unless-stopped').deaths.length).toBeGreaterThanOrEqual(1);
    const room = worker('aol-demo-restart-room');
    expect(room).toMatchObject({ restartCount: 0, deaths: [], queueDepth: 0, unacked: 0 });
    expect(room.drainedAfterS).toBeGreaterThan(0);
    expect(room.finalLine).toMatch(/aol-demo-restart-room\s+Up /);
    const ps = observed.slice(observed.indexOf('docker ps -a, the three side by side:') + 1).filter((line: string) => /^\s+aol-demo-restart-/.test(line));
    expect(ps).toHaveLength(3);
    expect(observed.at(-1)).toBe(figures.answer);
    expect(figures.answer).toMatch(
      /^Answer: --restart=on-failure brings the worker back but keeps it dying: .* with 512 MiB the same policy never had to act: it stayed Up and drained its queue in [\d.]+ s\.$/,
    );
  });

  it('stops on Ctrl-C, exit 130, and removes what it started', async () => {
    const demo = labProcess(['demo', 'restart-policy']);
    await eventually(
      'a demo container to exist',
      () => docker('ps', '-a', '--filter', 'label=io.async-outage-lab.demo', '--format', '{{.Names}}'),
      (r) => r.out.includes('aol-demo-restart'),
      60_000,
    );
    demo.kill('SIGINT');
    const result = await demo;
    expect(result.exitCode, String(result.all)).toBe(130);
    expect(String(result.stderr)).toMatch(/stopped on Ctrl-C; its containers were removed/);
    expect(await demoLeftovers()).toEqual([]);
  });

  it("leaves the learner's lab as it found it", async () => {
    const after = await learnersLab();
    expect(after.inspect).toEqual(before.inspect);
    expect(after.names).toEqual(before.names);
    expect(after.unacked).toBe(before.unacked);
    expect(after.oldest).toBe(before.oldest);
    // The worker is still dead; only the simulated customers add to the queue.
    expect(after.depth).toBeGreaterThanOrEqual(before.depth);
  });

  it('debrief after the fix: the timeline, the figures and a Markdown postmortem', async () => {
    const shim = json((await lab(['env', '--json'])).stdout) as { shimDir: string };
    const learner = (...args: string[]) =>
      execa('docker', args, { env: { ...env, PATH: `${shim.shimDir}:${process.env.PATH}` }, reject: false, stdin: 'ignore' });
    await learner('ps', '-a');
    await learner('inspect', 'worker');
    await learner('update', '--memory', '512m', '--memory-swap', '512m', 'worker');
    await learner('start', 'worker');
    const checked = await lab(['check', '--wait', '--json'], { timeoutMs: 300_000 });
    expect(checked.exitCode, checked.all).toBe(0);
    const file = join(labHome, 'postmortem.md');
    const result = await lab(['debrief', '--json', '--markdown', file]);
    expect(result.exitCode, result.all).toBe(0);
    const debrief = json(result.stdout);
    // update and start run back to back, as `docker update … && docker start worker` runs them: one attempt.
    expect(debrief).toMatchObject({ kind: 'async-outage-lab/debrief', resolved: true, figures: { fixAttempts: 1, subjectDeaths: 0 } });
    expect(debrief.timeline.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining(['kill', 'handover', 'evidence', 'diagnosis', 'fix', 'start', 'drain-start', 'drain-end']),
    );
    expect(debrief.timeline.find((e: any) => e.kind === 'fix' && /docker start worker/.test(e.text)).text).toMatch(/started, and stayed up/);
    expect(debrief.figures.timeToRecoverS).toBeGreaterThan(0);
    expect(debrief.figures.timeToDrainS).toBeGreaterThan(debrief.figures.timeToRecoverS);
    expect(debrief.questions).toHaveLength(3);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Postmortem: [\s\S]*\| \+00:00 \|/);
    const text = await lab(['debrief']);
    expect(text.stdout).toMatch(/resolved[\s\S]*Timeline[\s\S]*async-outage-lab demo acks-late/);
  });
});
