import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaseline } from '../../src/lab/state.js';
import { catalog } from '../../src/scenarios/index.js';
import { identity } from '../../tools/explore/stack-view.js';
import { judgeOutcome } from '../../tools/explore/worker-oom/oracle.js';
import { docker, env, eventually, expectBrokenState, lab, labHome, labProcess, llen, statuses } from './harness.js';

interface Report {
  solved: boolean;
  criteria: Array<{ id: string; passed: boolean; evidence: string[] }>;
}
const failing = (report: Report) => report.criteria.filter((c) => !c.passed).map((c) => c.id);
const STATED = ['--component', 'worker', '--cause', 'oom-killed'];

async function check(...args: string[]) {
  const result = await lab(['check', '--json', ...STATED, ...args]);
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) as Report, all: result.all };
}

/** What the state directory holds besides its files proper: temp files left by a write cut short. */
const leftovers = () => readdirSync(labHome).filter((name) => name.endsWith('.tmp') || name === 'lock');

/** The card's fix, then until the queue is visibly falling. */
async function fixAndDrain(): Promise<void> {
  expect((await docker('update', '--memory', '512m', '--memory-swap', '512m', 'worker')).code).toBe(0);
  expect((await docker('start', 'worker')).code).toBe(0);
  const first = await llen();
  await eventually('the queue to fall while the fixed worker runs', llen, (depth) => depth < first - 5, 60_000);
}

/** Faults a learner's machine can throw at the lab, each on the real stack. */
const repo = join(import.meta.dirname, '..', '..');

/**
 * Under `npm test` (no engine-leg.sh): the default engine may be restarted when
 * scripts/docker-engine.sh started it (its pid file names a live dockerd) and no other host is set.
 */
async function startedDefaultEngineRestart(): Promise<string | undefined> {
  if (process.env.DOCKER_HOST) return undefined;
  const pidfile = process.env.AOL_DOCKERD_PIDFILE ?? '/tmp/async-outage-lab-dockerd.pid';
  const alive = await execa('bash', ['-c', 'kill -0 "$(cat "$0")"', pidfile], { reject: false });
  return alive.exitCode === 0 ? `AOL_DOCKERD_PIDFILE='${pidfile}' bash '${join(repo, 'scripts', 'docker-engine.sh')}' restart` : undefined;
}

describe('faults: the lab says what it sees and recovers', () => {
  let roDir: string | undefined;

  beforeAll(async () => {
    const up = await lab(['up']);
    expect(up.exitCode, up.all).toBe(0);
  });

  afterAll(async () => {
    if (roDir) await execa('umount', [roDir], { reject: false });
  });

  it('two checks at once give the same grade and leave the state whole', async () => {
    const [a, b] = await Promise.all([check(), check()]);
    expect([a.exitCode, b.exitCode]).toEqual([1, 1]);
    expect(failing(a.report)).toEqual(failing(b.report));
    expect(failing(a.report)).toEqual(['worker-headroom', 'backlog-draining']);
    expect(readBaseline(catalog, join(labHome, 'baseline.json')).kind).toBe('ok');
    expect(leftovers()).toEqual([]);
  });

  it('check --wait stopped with Ctrl-C exits 130 and leaves no state written half', async () => {
    await fixAndDrain();
    const running = labProcess(['check', '--wait', ...STATED]);
    // Off a terminal, the drain's first progress line comes with its first sample.
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`check --wait printed no drain progress within 30 s; got ${JSON.stringify(seen)}`)), 30_000);
      running.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/queue [\d,]+ · /.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    running.kill('SIGINT');
    const result = await running;
    expect(result.exitCode, String(result.all)).toBe(130);
    expect(result.stderr).toMatch(/stopped on Ctrl-C; it only looks/);
    const read = readBaseline(catalog, join(labHome, 'baseline.json'));
    expect(read.kind).toBe('ok');
    expect(leftovers()).toEqual([]);
  });

  it('redis killed mid-drain: the append-only file keeps the queue, check names the restart and counts any loss as an independent count does', async () => {
    const before = await llen();
    expect((await docker('kill', 'redis')).code).toBe(0);
    expect((await docker('start', 'redis')).code).toBe(0);
    const after = await eventually(
      'redis to answer after its kill',
      () => llen().catch(() => -1),
      (n) => n >= 0,
      30_000,
    );
    console.log(`redis killed mid-drain: LLEN ${before} before the kill, ${after} after the restart (append-only file, fsync every second)`);
    // Redis snapshots nothing (--save ""): only the append-only file can bring the queue back.
    // The worker drains on between the two reads, so `after` is lower; that nothing accepted was
    // lost is for no-job-discarded to judge, below.
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(before + 5);
    const { exitCode, report } = await check();
    console.log(`check after the kill: exit ${exitCode}, failing ${JSON.stringify(failing(report))}`);
    expect(exitCode).toBe(1);
    expect(failing(report)).toContain('web-redis-untouched');
    // With fsync every second, a kill can take the last second's writes with it: an export
    // accepted just before is then gone. The grade must say so exactly when it happened, as the
    // explore oracle (which shares no code with the criteria) counts it.
    const oracle = await judgeOutcome(await identity(), true);
    const lost = oracle.reasons.find((reason) => /neither finished nor in Redis/.test(reason));
    console.log(`independent count after the kill: ${lost ?? 'no accepted export lost'}`);
    expect(failing(report).includes('no-job-discarded'), JSON.stringify(oracle.reasons)).toBe(lost !== undefined);
  });

  it('the Docker daemon restarted mid-lab: check says the containers stopped (exit 1), reset brings the outage back', async () => {
    const restart = process.env.AOL_ENGINE_RESTART ?? (await startedDefaultEngineRestart());
    if (!restart)
      throw new Error(
        'no engine this test may restart: AOL_ENGINE_RESTART is not set and the default engine was not started by scripts/docker-engine.sh; run this file through scripts/engine-leg.sh, which starts an engine of its own',
      );
    const restarted = await execa('bash', ['-c', restart], { reject: false, all: true, env });
    expect(restarted.exitCode, restarted.all).toBe(0);
    const ps = await statuses();
    console.log(`after the daemon restart: ${JSON.stringify(ps)}`);
    expect(ps.web).toMatch(/^Exited/);
    expect(ps.redis).toMatch(/^Exited/);
    const { exitCode, report, all } = await check();
    console.log(`check after the daemon restart: exit ${exitCode}, failing ${JSON.stringify(failing(report))}`);
    expect(exitCode, all).toBe(1);
    expect(failing(report)).toContain('web-redis-untouched');
    const reset = await lab(['reset']);
    expect(reset.exitCode, reset.all).toBe(0);
    await expectBrokenState(expect);
  });

  it('up with the state directory on a read-only disk: a clear error naming EROFS, exit 3, the lab untouched', async () => {
    const ids = (await docker('ps', '-aq', '--no-trunc')).out;
    roDir = mkdtempSync(join(tmpdir(), 'aol-ro-'));
    const mount = await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', roDir], { reject: false, all: true });
    if (mount.exitCode !== 0) throw new Error(`mounting a tmpfs needs root (this test makes a read-only disk): ${mount.all}`);
    mkdirSync(join(roDir, 'state'));
    expect((await execa('mount', ['-o', 'remount,ro', roDir], { reject: false })).exitCode).toBe(0);
    const up = await execa('node', [join(import.meta.dirname, '..', '..', 'bin', 'async-outage-lab.js'), 'up'], {
      env: { ...env, ASYNC_OUTAGE_LAB_HOME: join(roDir, 'state') },
      reject: false,
      all: true,
      stdin: 'ignore',
    });
    expect(up.exitCode, up.all).toBe(3);
    expect(up.stderr).toMatch(/EROFS/);
    expect(up.stderr).toMatch(/hint: .*writable/);
    expect(up.stderr).not.toMatch(/\n\s+at /);
    expect((await docker('ps', '-aq', '--no-trunc')).out).toBe(ids);
    expect(readFileSync(join(labHome, 'baseline.json'), 'utf8')).toContain('async-outage-lab/baseline');
  });
});
