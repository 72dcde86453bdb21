import { describe, expect, it } from 'vitest';
import { brokenSnapshot, fixedSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';
import { reportFor } from '../../fixtures/snapshots/report.js';
import { renderCheckReport } from '../../src/cli/check-report.js';
import { Output } from '../../src/cli/output.js';
import { classifyCommand } from '../../src/kits/celery-redis/rules/docker-commands.js';
import { workerOom } from '../../src/scenarios/worker-oom/index.js';
import { type CheckReport, checkReportSchema } from '../../src/scenarios/worker-oom/report.js';

const baseline = labBaseline();
const transcript = [
  { at: '2026-11-24T04:26:30.120Z', command: 'docker ps -a', exitCode: 0 },
  { at: '2026-11-24T04:26:41.004Z', command: "docker inspect worker --format '{{.State.OOMKilled}} / {{.State.ExitCode}}'", exitCode: 0 },
  { at: '2026-11-24T04:26:52.310Z', command: 'docker restart web', exitCode: 0, ruleBreak: classifyCommand(['restart', 'web']) },
  { at: '2026-11-24T04:27:02.000Z', command: 'docker logs -f worker', exitCode: null },
];

const brokenReport = () => reportFor({ snapshot: brokenSnapshot(), baseline, context: { waited: false }, transcript });
/** Broken, but with a (wrong) root cause stated: everything may be shown. */
const statedBrokenReport = () =>
  reportFor({ snapshot: brokenSnapshot(), baseline, context: { waited: false, statement: { component: 'worker', cause: 'crashed-with-error' } }, transcript });
const fixedReport = () =>
  reportFor({
    snapshot: fixedSnapshot(),
    baseline,
    context: { waited: false, statement: { component: 'worker', cause: 'oom-killed' } },
    transcript: transcript.slice(0, 2),
  });

/** Renders into a string, as a learner's terminal (not a TTY, so no colour) or a NO_COLOR one would show it. */
function render(report: CheckReport, options: { json?: boolean } = {}): string {
  let text = '';
  const stream = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  renderCheckReport(report, workerOom, new Output({ stream, env: { NO_COLOR: '1' }, json: options.json }));
  return text;
}

describe('check report', () => {
  it('is valid under checkReportSchema, also after a JSON round trip', () => {
    const report = brokenReport();
    expect(checkReportSchema.parse(report)).toEqual(report);
    expect(checkReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it('carries the verdicts, the marked transcript and the figures', () => {
    const report = brokenReport();
    expect(report).toMatchObject({ kind: 'async-outage-lab/check', version: 1, solved: false, exitCode: 1, passed: 2, total: 5, waited: false });
    expect(report.statement).toBeUndefined();
    expect(report.transcript[2]).toEqual({ ...transcript[2], ruleBreak: expect.stringContaining('restarted web') });
    expect(report.transcript[0]).not.toHaveProperty('ruleBreak');
    expect(report.figures).toEqual({
      queueDepth: 1499,
      accepted: 1503,
      ready: 3,
      workerStatus: 'exited',
      workerLimitMiB: 64,
      requiredLimitMiB: expect.any(Number),
      largestQueuedRows: expect.any(Number),
      queueChangePerMinute: null,
      queueRate: null,
    });
  });

  it('reports a solved lab with exit code 0 and the drain rate', () => {
    const report = fixedReport();
    expect(report).toMatchObject({ solved: true, exitCode: 0, passed: 5, statement: { component: 'worker', cause: 'oom-killed' } });
    expect(report.figures).toMatchObject({ workerStatus: 'running', workerLimitMiB: 512, queueChangePerMinute: -450, queueDepth: 1143 });
  });

  it('rejects a report whose totals or exit code contradict its criteria', () => {
    const report = brokenReport();
    expect(checkReportSchema.safeParse({ ...report, solved: true }).success).toBe(false);
    expect(checkReportSchema.safeParse({ ...report, exitCode: 0 }).success).toBe(false);
    expect(checkReportSchema.safeParse({ ...report, passed: 5 }).success).toBe(false);
  });
});

describe('renderCheckReport', () => {
  it('prints each criterion with its mark, evidence, and hint on failure, without colour codes', () => {
    const text = render(brokenReport());
    expect(text).not.toMatch(/\x1b\[/);
    expect(text).toContain('✘ 1. Root cause stated\n    no root cause stated yet\n    hint: Run `async-outage-lab check` in a terminal');
    expect(text).toContain('✔ 2. web and redis left as they were\n    web: running since 04:26:29 UTC');
    expect(text).toContain(
      '✔ 3. No accepted export thrown away\n    1,503 accepted exports in the ledger: 3 finished, 1,499 waiting in the queue, 1 in `unacked`',
    );
    expect(render(statedBrokenReport())).toContain('    lesson: Export ');
    expect(text).toContain('✘ 4. Worker back up, with room for the backlog\n    worker: exited (137) since 04:26:20 UTC');
    expect(text).toContain('    hint: A container that exited stays exited');
    expect(text).toContain('✘ 5. Backlog draining\n    worker: exited: nothing is taking jobs off the queue');
  });

  it('lists the docker commands with times and exit codes, marking the rule break', () => {
    const text = render(brokenReport());
    expect(text).toContain('Your docker commands (4, 1 breaking a rule):');
    expect(text).toMatch(/ {2}04:26:30 {2}docker ps -a +exit 0\n/);
    expect(text).toMatch(/ {2}04:26:52 {2}docker restart web +exit 0\n +⚠ rule break: restarted web .*\n/);
    expect(text).toMatch(/ {2}04:27:02 {2}docker logs -f worker\n/);
  });

  it('ends with the figures and a one-line summary', () => {
    const lines = render(brokenReport()).trimEnd().split('\n');
    expect(lines.at(-2)).toBe('queue 1,499 · finished 3 of 1,503 accepted · worker exited');
    expect(render(statedBrokenReport()).trimEnd().split('\n').at(-2)).toMatch(
      /^queue 1,499 · finished 3 of 1,503 accepted · worker exited, limit 64 MiB \(largest waiting export needs \d+ MiB\)$/,
    );
    expect(lines.at(-1)).toBe('✘ 2 of 5 criteria pass — not solved yet');
    expect(render(fixedReport()).trimEnd().split('\n').at(-1)).toBe('✔ 5 of 5 criteria pass — solved');
  });

  it('says when no commands were recorded', () => {
    const report = reportFor({ snapshot: brokenSnapshot(), baseline, context: { waited: false } });
    expect(render(report)).toContain('No docker commands recorded yet');
  });

  it('prints only the JSON report in --json mode', () => {
    const report = brokenReport();
    const text = render(report, { json: true });
    expect(checkReportSchema.parse(JSON.parse(text))).toEqual(report);
  });
});
