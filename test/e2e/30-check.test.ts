import { beforeEach, describe, expect, it } from 'vitest';
import { docker, eventually, lab, llen } from './harness.js';

interface Report {
  solved: boolean;
  criteria: Array<{ id: string; passed: boolean; evidence: string[]; hint?: string }>;
  transcript: Array<{ command: string; ruleBreak?: string }>;
}

async function check(...args: string[]) {
  const result = await lab(['check', '--json', '--component', 'worker', '--cause', 'oom-killed', ...args], { timeoutMs: 1_200_000 });
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) as Report, all: result.all };
}
const failing = (report: Report) => report.criteria.filter((c) => !c.passed).map((c) => c.id);
const criterion = (report: Report, id: string) => report.criteria.find((c) => c.id === id)!;
const fix = async () => {
  expect((await docker('update', '--memory', '512m', '--memory-swap', '512m', 'worker')).code).toBe(0);
  expect((await docker('start', 'worker')).code).toBe(0);
};

/** `check` against the real lab, each case from a fresh outage. */
describe('check grades from evidence', () => {
  beforeEach(async () => {
    const reset = await lab(['reset']);
    expect(reset.exitCode, reset.all).toBe(0);
  });

  it('no fix: exit 1, the worker and the drain fail', async () => {
    const started = Date.now();
    const { exitCode, report } = await check();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(exitCode).toBe(1);
    expect(failing(report)).toEqual(['worker-headroom', 'backlog-draining']);
  });

  it('a wrong root cause fails criterion 1 with a nudge, not the answer', async () => {
    const result = await lab(['check', '--json', '--component', 'web', '--cause', 'crashed-with-error']);
    const report = JSON.parse(result.stdout) as Report;
    expect(result.exitCode).toBe(1);
    const rootCause = criterion(report, 'root-cause');
    expect(rootCause.passed).toBe(false);
    expect(rootCause.hint).toMatch(/docker ps -a/);
    expect(rootCause.hint).not.toMatch(/oom/i);
  });

  it('`docker start worker` alone: the worker dies again and criterion 4 says so', async () => {
    expect((await docker('start', 'worker')).code).toBe(0);
    await eventually(
      'the restarted worker to die again',
      async () => (await docker('inspect', 'worker', '--format', '{{.State.Status}} {{.State.ExitCode}}')).out,
      (s) => s === 'exited 137',
      60_000,
    );
    const { exitCode, report } = await check();
    expect(exitCode).toBe(1);
    const headroom = criterion(report, 'worker-headroom');
    expect(headroom.passed).toBe(false);
    expect(headroom.evidence.join(' ')).toMatch(/OOM-killed/);
    expect(headroom.hint).toMatch(/died again/);
  });

  it("the card's fix: check --wait exits 0 and the queue reaches 0", async () => {
    await fix();
    const { exitCode, report, all } = await check('--wait');
    expect(exitCode, all).toBe(0);
    expect(report.solved).toBe(true);
    expect(await llen()).toBeLessThanOrEqual(2);
  });

  it("on a fixed lab whose queue is already at 0, check then check --wait (the README's order) agree: both solved", async () => {
    await fix();
    await eventually('the backlog to drain to 0', llen, (depth) => depth === 0, 120_000);
    const plain = await check();
    expect(plain.exitCode, plain.all).toBe(0);
    const waited = await check('--wait');
    expect(waited.exitCode, waited.all).toBe(0);
    expect(criterion(waited.report, 'backlog-draining').passed).toBe(true);
  });

  it('restarting web plus the fix: exit 1 on criterion 2', async () => {
    expect((await docker('restart', 'web')).code).toBe(0);
    await fix();
    const { exitCode, report } = await check();
    expect(exitCode).toBe(1);
    expect(failing(report)).toContain('web-redis-untouched');
    expect(criterion(report, 'web-redis-untouched').evidence.join(' ')).toMatch(/restart/i);
  });

  it('FLUSHALL plus the fix: exit 1 on criterion 3, with the number lost', async () => {
    const before = await llen();
    expect((await docker('exec', 'redis', 'redis-cli', 'FLUSHALL')).out).toBe('OK');
    await fix();
    const { exitCode, report } = await check();
    expect(exitCode).toBe(1);
    const lost = criterion(report, 'no-job-discarded');
    expect(lost.passed).toBe(false);
    const text = lost.evidence.join(' ');
    expect(text).toMatch(/FLUSHALL/);
    const number = Number(/([\d,]+) accepted exports? (?:are|is) gone/.exec(text)?.[1]?.replace(/,/g, ''));
    expect(number).toBeGreaterThanOrEqual(before - 5);
  });
});
