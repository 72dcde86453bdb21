import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroomRows, SANDBOX_LABEL } from './classroom-rows.js';
import { docker, eventually, lab, labHome, labProcess } from './harness.js';

/**
 * A classroom of three on this engine, each learner with a Docker daemon of their own: learner 1
 * applies the card's fix, learner 2 flushes Redis, kills web and changes the worker's limit in
 * their sandbox, learner 3 does nothing. Nothing learner 2 does reaches the others, and the
 * instructor's table (graded from outside the sandboxes) shows exactly learner 1 solved, in the
 * terminal, as JSON and as a page rendered by a real headless browser. Needs root (the classroom
 * enters each sandbox's network) and Chromium (.ci/run installs it).
 */
const captures = process.env.AOL_CLASSROOM_CAPTURES ?? join(labHome, 'captures');
const PAGE_PORT = 8099;

/** The docker CLI against learner K's own daemon, outside their shell (so nothing is recorded). */
async function inner(learner: number, ...args: string[]) {
  const socket = join(labHome, 'classroom', `aol-learner-0${learner}`, 'run', 'docker.sock');
  const result = await execa('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${socket}` }, reject: false, all: true, stdin: 'ignore' });
  return { code: result.exitCode ?? -1, out: String(result.stdout).trim() };
}

const shell = (learner: number, command: string) => lab(['classroom', 'shell', String(learner), '-c', command], { timeoutMs: 120_000 });

/** What learner 2 must not touch in the others' labs: web's start, redis's identity, the queue, the worker's cap. */
async function untouchedEvidence(learner: number) {
  const web = await inner(learner, 'inspect', 'web', '--format', '{{.State.Running}} {{.State.StartedAt}} {{.RestartCount}}');
  const worker = await inner(learner, 'inspect', 'worker', '--format', '{{.HostConfig.Memory}} {{.State.OOMKilled}} {{.State.ExitCode}}');
  const runId = await inner(learner, 'exec', 'redis', 'redis-cli', 'INFO', 'server');
  const flushes = await inner(learner, 'exec', 'redis', 'redis-cli', 'INFO', 'commandstats');
  const depth = await inner(learner, 'exec', 'redis', 'redis-cli', 'LLEN', 'celery');
  return {
    web: web.out,
    worker: worker.out,
    runId: /run_id:(\w+)/.exec(runId.out)?.[1],
    flushall: /cmdstat_flushall/.test(flushes.out),
    depth: Number(depth.out),
  };
}

function chromium(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('Chromium is not installed: `apt-get install chromium` (.ci/run installs it before the suite)');
}

describe('classroom: three learners, three daemons, one table', () => {
  beforeAll(async () => {
    expect(process.getuid?.(), "the classroom test needs root (it enters sandboxes' networks)").toBe(0);
    const left = await docker('ps', '-aq', '--filter', `label=${SANDBOX_LABEL}`);
    if (left.out) await lab(['classroom', 'down'], { timeoutMs: 180_000 });
    mkdirSync(captures, { recursive: true });
  });
  afterAll(async () => {
    const down = await lab(['classroom', 'down'], { timeoutMs: 180_000 });
    expect(down.exitCode, down.all).toBe(0);
    expect((await docker('ps', '-aq', '--filter', `label=${SANDBOX_LABEL}`)).out).toBe('');
    expect((await docker('volume', 'ls', '-q')).out).not.toMatch(/aol-learner/);
  });

  it('refuses more learners than the host holds, with the figures', async () => {
    const refused = await lab(['classroom', 'up', '--learners', '99']);
    expect(refused.exitCode, refused.all).toBe(3);
    expect(refused.stderr).toMatch(
      /cannot hold 99 sandboxes: .* MiB of memory .* at 768 MiB per sandbox, holds \d+; \d+ cores? at 4 sandboxes each hold \d+: at most \d+ here/,
    );
  });

  it('brings three outages up, each in its own daemon, broken as the card says', async () => {
    const up = await lab(['classroom', 'up', '--learners', '3', '--parallel', '3'], { timeoutMs: 300_000 });
    expect(up.exitCode, up.all).toBe(0);
    expect(up.stdout).toMatch(/Choose how sandboxes run .*(privileged|capability set instead of --privileged)/);
    expect(up.stdout).toContain('3 outages up');
    for (const learner of [1, 2, 3]) {
      const ps = await shell(learner, 'docker ps -a --format "{{.Names}}"');
      expect(ps.exitCode, ps.all).toBe(0);
      expect(ps.stdout.split('\n').filter(Boolean).sort()).toEqual(['redis', 'web', 'worker']);
      // The kill happened in the nested cgroup, exactly as on a host of its own.
      expect((await inner(learner, 'inspect', 'worker', '--format', '{{.State.OOMKilled}} {{.State.ExitCode}}')).out).toBe('true 137');
    }
    expect((await docker('ps', '--filter', `label=${SANDBOX_LABEL}`, '--format', '{{.Names}}')).out.split('\n').sort()).toEqual([
      'aol-learner-01',
      'aol-learner-02',
      'aol-learner-03',
    ]);
  });

  it("keeps learner 2's FLUSHALL, docker kill and docker update inside learner 2's lab", async () => {
    const before = { 1: await untouchedEvidence(1), 3: await untouchedEvidence(3) };
    const sabotage = await shell(2, 'docker exec redis redis-cli FLUSHALL; docker kill web; docker update --memory 1g --memory-swap 1g worker');
    expect(sabotage.exitCode, sabotage.all).toBe(0);
    const hit = await untouchedEvidence(2);
    expect(hit.flushall).toBe(true);
    expect(hit.web).toMatch(/^false /);
    expect(hit.worker).toMatch(/^1073741824 /);
    for (const learner of [1, 3] as const) {
      const after = await untouchedEvidence(learner);
      expect(after.web).toBe(before[learner].web);
      expect(after.worker).toBe('167772160 true 137');
      expect(after.runId).toBe(before[learner].runId);
      expect(after.flushall).toBe(false);
      expect(after.depth).toBeGreaterThanOrEqual(before[learner].depth);
    }
  });

  it('shows exactly learner 1 solved once they apply the fix, graded from outside', async () => {
    const fix = await shell(
      1,
      'docker update --memory 512m --memory-swap 512m worker && docker start worker && async-outage-lab check --component worker --cause oom-killed --json >/dev/null; true',
    );
    expect(fix.exitCode, fix.all).toBe(0);
    const graded = await eventually(
      'learner 1 solved in classroom status',
      classroomRows,
      (found) => found.find((row) => row.learner === 1)?.stage === 'solved',
      120_000,
    );
    expect(graded.map((row) => row.learner)).toEqual([1, 2, 3]);
    expect(graded.filter((row) => row.stage === 'solved').map((row) => row.learner)).toEqual([1]);
    expect(graded[0]).toMatchObject({ passed: 5, total: 5, rulesBroken: [] });
    expect(graded[1]!.stage).not.toBe('solved');
    expect(graded[1]!.rulesBroken.map((broken) => broken.command)).toEqual(['docker exec redis redis-cli FLUSHALL', 'docker kill web']);
    expect(graded[2]).toMatchObject({ stage: 'investigating', rulesBroken: [] });
    const table = await lab(['classroom', 'status'], { timeoutMs: 120_000 });
    expect(table.exitCode, table.all).toBe(0);
    expect(table.stdout).toMatch(/^aol-learner-01\s+solved\s+5\/5\s+none/m);
    expect(table.stdout).toMatch(/^aol-learner-03\s+investigating\s+\d\/5\s+none/m);
  });

  it('serves the table as a page that a headless browser renders', async () => {
    const served = labProcess(['classroom', 'status', '--serve', String(PAGE_PORT), '--interval', '5', '--json']);
    try {
      await eventually(
        'the page to show a graded round',
        () =>
          fetch(`http://127.0.0.1:${PAGE_PORT}/`)
            .then((response) => response.text())
            .catch(() => ''),
        (page) => page.includes('data-stage="solved"'),
        90_000,
      );
      const browser = chromium();
      const flags = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--hide-scrollbars',
        '--window-size=1100,420',
      ];
      const dom = await execa(browser, [...flags, '--dump-dom', `http://127.0.0.1:${PAGE_PORT}/`], { reject: false, timeout: 90_000 });
      expect(dom.exitCode, dom.stderr).toBe(0);
      expect(dom.stdout.match(/<tr data-learner=/g)).toHaveLength(3);
      expect(dom.stdout).toContain('<tr data-learner="1" data-stage="solved">');
      expect(dom.stdout.match(/data-stage="solved"/g)).toHaveLength(1);
      const png = join(captures, 'classroom-status.png');
      const shot = await execa(browser, [...flags, `--screenshot=${png}`, `http://127.0.0.1:${PAGE_PORT}/`], { reject: false, timeout: 90_000 });
      expect(shot.exitCode, shot.stderr).toBe(0);
      expect(existsSync(png)).toBe(true);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(png).size).toBeGreaterThan(10_000);
    } finally {
      served.kill('SIGTERM');
    }
    const ended = await served;
    expect(ended.exitCode, String(ended.all)).toBe(0);
  });
});
