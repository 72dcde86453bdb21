import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, eventually, expectBrokenState, http, lab, labHome, labProcess, llen, statuses } from './harness.js';

/** `up`, `reset` and `down`, checked through the docker CLI exactly as a learner sees the lab. */
describe('lifecycle: up, reset, down', () => {
  afterAll(async () => {
    await docker('rm', '-f', 'web-other');
    await docker('rmi', 'someone-else/shop:1');
  });

  it('rejects bad flags with exit code 2 before touching anything', async () => {
    for (const args of [
      ['up', '--backlog', '-5'],
      ['up', '--port', '99999'],
      ['up', '--no-such-flag'],
      ['check', '--cause', 'gremlins'],
    ]) {
      const result = await lab(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.all).not.toMatch(/at .*\.js:\d+/); // no stack trace
    }
  });

  it('up from nothing gives the broken state of the scenario', async () => {
    await lab(['down']);
    const up = await lab(['up', '--json']);
    expect(up.exitCode, up.all).toBe(0);
    const report = JSON.parse(up.stdout) as { ok: boolean; totalMs: number; steps: Array<{ step: string; ms: number }>; queueDepth: number };
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.step)).toContain('Wait for the worker to stop');
    const depth = await expectBrokenState(expect);
    // simulated customers keep the backlog climbing while nobody consumes
    await eventually('the backlog to climb', llen, (now) => now > depth, 15_000);
    const ps = await docker('ps', '-a', '--filter', 'label=com.docker.compose.project=async-outage-lab', '--format', '{{.Names}}');
    expect(ps.out.split('\n').sort()).toEqual(['redis', 'web', 'worker']);
  });

  it('up on a lab that is already up and broken says so and exits 0', async () => {
    const again = await lab(['up']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already up and broken');
  });

  it('keeps the backlog across a redis restart (append-only file)', async () => {
    const before = await llen();
    expect((await docker('restart', 'redis')).code).toBe(0);
    const after = await eventually(
      'redis to answer after its restart',
      () => llen().catch(() => -1),
      (n) => n >= 0,
      30_000,
    );
    expect(after).toBeGreaterThanOrEqual(before);
  });

  it('a corrupt state file gives a clear error that suggests reset', async () => {
    writeFileSync(join(labHome, 'baseline.json'), '{"kind":"async-outage-lab/baseline","version":1,');
    for (const command of ['check', 'up']) {
      const result = await lab([command]);
      expect(result.exitCode, command).toBe(3);
      expect(result.stderr).toMatch(/state file .* is unusable/);
      expect(result.stderr).toContain('reset');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reset after a correct fix gives the broken state again', async () => {
    const reset1 = await lab(['reset']);
    expect(reset1.exitCode, reset1.all).toBe(0);
    expect((await docker('update', '--memory', '512m', '--memory-swap', '512m', 'worker')).code).toBe(0);
    expect((await docker('start', 'worker')).code).toBe(0);
    await eventually('the worker to drain a good part of the backlog', llen, (n) => n < 1000, 120_000);
    const reset2 = await lab(['reset']);
    expect(reset2.exitCode, reset2.all).toBe(0);
    await expectBrokenState(expect);
    expect((await docker('inspect', 'worker', '--format', '{{.HostConfig.Memory}}')).out).toBe(String(160 * 1024 * 1024));
  });

  it('reset after a flushed Redis gives the broken state again', async () => {
    expect((await docker('exec', 'redis', 'redis-cli', 'FLUSHALL')).out).toBe('OK');
    expect(await llen()).toBeLessThan(5);
    const reset = await lab(['reset']);
    expect(reset.exitCode, reset.all).toBe(0);
    await expectBrokenState(expect);
  });

  it('reset after `docker rm -f worker` gives the broken state again', async () => {
    expect((await docker('rm', '-f', 'worker')).code).toBe(0);
    const reset = await lab(['reset']);
    expect(reset.exitCode, reset.all).toBe(0);
    await expectBrokenState(expect);
  });

  it('an interrupted up never blocks the next one', async () => {
    // Interrupt at several steps: while building, while seeding or starting, while waiting for the kill.
    for (const marker of ['Build the lab image', 'Queue ', 'Wait for the worker to stop']) {
      const child = labProcess(['up', '--force']);
      let seen = '';
      await new Promise<void>((resolve) => {
        child.all?.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes(marker)) resolve();
        });
        void child.then(() => resolve());
      });
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode === 130 || result.exitCode === 0, `${marker}: ${result.all}`).toBe(true);
    }
    const up = await lab(['up']);
    expect(up.exitCode, up.all).toBe(0);
    await expectBrokenState(expect);
  });

  it('refuses, with exit 3 and touching nothing, a foreign container named web and a taken port', async () => {
    expect((await lab(['down'])).exitCode).toBe(0);
    // Someone else's container that happens to be called web (another image than the lab's).
    expect((await docker('tag', 'async-outage-lab:latest', 'someone-else/shop:1')).code).toBe(0);
    expect((await docker('run', '-d', '--name', 'web', 'someone-else/shop:1', 'sleep', '300')).code).toBe(0);
    const clash = await lab(['up']);
    expect(clash.exitCode).toBe(3);
    expect(clash.stderr).toContain('docker rename web');
    expect((await statuses()).web).toMatch(/^Up /);
    await docker('rm', '-f', 'web');
    await docker('rmi', 'someone-else/shop:1');

    const server = createServer().listen(18089, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const taken = await lab(['up', '--port', '18089']);
    server.close();
    expect(taken.exitCode).toBe(3);
    expect(taken.stderr).toContain('up --port 18090');
  });

  it("refuses, with exit 3 and touching nothing, to reset while a hand-made container holds the lab's volume; works once it is gone", async () => {
    expect((await lab(['reset', '--backlog', '200'])).exitCode).toBe(0);
    const second = await docker('run', '-d', '--name', 'worker2', '-v', 'async-outage-lab_exports:/var/lib/exports', 'async-outage-lab:latest', 'sleep', '300');
    expect(second.code, second.all).toBe(0);
    try {
      const refused = await lab(['reset', '--backlog', '200']);
      expect(refused.exitCode, refused.all).toBe(3);
      expect(refused.all).toContain('worker2');
      expect(refused.all).toContain('docker rm -f worker2');
      expect((await statuses()).web).toMatch(/^Up /);
      expect((await lab(['status'])).exitCode).toBe(0); // the outage's record is kept too
    } finally {
      await docker('rm', '-f', 'worker2');
    }
    expect((await lab(['reset', '--backlog', '200'])).exitCode).toBe(0);
  });

  it('down removes everything labelled as the lab and nothing else', async () => {
    const up = await lab(['up']);
    expect(up.exitCode, up.all).toBe(0);
    expect((await docker('run', '-d', '--name', 'web-other', 'async-outage-lab:latest', 'sleep', '300')).code).toBe(0);
    const down = await lab(['down']);
    expect(down.exitCode, down.all).toBe(0);
    for (const kind of ['ps -a', 'volume ls', 'network ls']) {
      const listed = await docker(...kind.split(' '), '--filter', 'label=com.docker.compose.project=async-outage-lab', '--quiet');
      expect(listed.out, kind).toBe('');
    }
    expect((await statuses())['web-other']).toMatch(/^Up /);
    const check = await lab(['check']);
    expect(check.exitCode).toBe(3);
    expect(check.stderr).toContain('async-outage-lab up');
    expect((await http(8080, '/').catch(() => ({ status: 0 }))).status).toBe(0);
  });
});
