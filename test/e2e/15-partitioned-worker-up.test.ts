import { describe, expect, it } from 'vitest';
import { docker, eventually, lab, llen, statuses } from './harness.js';

/**
 * `up partitioned-worker` hands over the card's state, as a learner reads it with the docker CLI:
 * every container Up, nothing restarted, the worker on no network, redis answering, the queue
 * growing; then the worker's own log blames redis's name.
 */
describe('up partitioned-worker', () => {
  it("reaches the card's state, and the worker says so in its own words", async () => {
    const started = Date.now();
    const up = await lab(['up', 'partitioned-worker', '--force', '--json'], { timeoutMs: 300_000 });
    expect(up.exitCode, up.all).toBe(0);
    const tookS = (Date.now() - started) / 1000;
    const ps = await statuses();
    for (const name of ['web', 'redis', 'worker']) expect(ps[name], name).toMatch(/^Up /);
    expect((await docker('inspect', 'worker', '--format', '{{.RestartCount}} {{json .NetworkSettings.Networks}}')).out).toBe('0 {}');
    expect((await docker('exec', 'redis', 'redis-cli', 'PING')).out).toBe('PONG');
    const depth = await llen();
    await eventually('the queue to grow (customers keep ordering)', llen, (now) => now > depth, 30_000);
    const log = await eventually(
      'the worker to log its reconnect attempts',
      async () => (await docker('logs', 'worker')).all,
      (text) => /Trying again in \d+\.\d+ seconds\.\.\. \(\d+\/100\)/.test(text),
      180_000,
    );
    expect(log).toMatch(/consumer: Cannot connect to redis:\/\/:\*\*@redis:6379\/0: Error -3 connecting to redis:6379\. Temporary failure in name resolution/);
    console.log(`up partitioned-worker took ${tookS.toFixed(1)} s`);
  });

  it('`check --wait` on the cut-off worker grades at once: there is no drain to follow', async () => {
    const started = Date.now();
    const result = await lab(['check', '--json', '--wait', '--timeout', '120', '--component', 'worker', '--cause', 'lost-network'], { timeoutMs: 200_000 });
    const tookS = (Date.now() - started) / 1000;
    const report = JSON.parse(result.stdout) as { criteria: Array<{ id: string; passed: boolean }> };
    expect({ exitCode: result.exitCode, failing: report.criteria.filter((c) => !c.passed).map((c) => c.id) }).toEqual({
      exitCode: 1,
      failing: ['worker-reconnected', 'backlog-drained'],
    });
    // The observation window (10 s) and its reads, not the 120 s timeout.
    expect(tookS).toBeLessThan(60);
  });
});
