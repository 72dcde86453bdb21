import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenSnapshot, fixedSnapshot, labBaseline } from '../../fixtures/snapshots/lab.js';
import { reportFor } from '../../fixtures/snapshots/report.js';
import { renderCheckReport } from '../../src/cli/check-report.js';
import { Output } from '../../src/cli/output.js';
import { givesAway, learnerView, revealsAll } from '../../src/cli/spoilers.js';
import { workerOom } from '../../src/scenarios/worker-oom/index.js';
import type { CheckReport } from '../../src/scenarios/worker-oom/report.js';
import { stageWorkerOom } from '../../src/scenarios/worker-oom/stage.js';

const baseline = labBaseline();
const report = (snapshot = brokenSnapshot(), statement?: { component: string; cause: string }) =>
  reportFor({ snapshot, baseline, context: { waited: false, ...(statement ? { statement } : {}) } });

function render(value: CheckReport, tty = false): string {
  let text = '';
  const stream = { isTTY: tty, columns: 200, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  renderCheckReport(value, workerOom, new Output({ stream, env: { NO_COLOR: '1' } }));
  return text;
}

/** The words that name the outage's cause or its fix, as the full report uses them. */
const CAUSE_OR_FIX = /\boom|out of memory|memory|\bMiB\b|kernel|killed|limit|cgroup|--memory/i;

describe('check before a root cause is stated', () => {
  it('names neither the cause nor the fix, on a terminal or not', () => {
    const full = render(report(), false);
    if (process.env.SHOW) console.log(full);
    for (const tty of [false, true]) {
      const lines = render(report(), tty).split('\n');
      const criterionOne = lines.findIndex((line) => line.includes('2. web and redis'));
      // Criterion 1's hint lists every possible cause as a choice: that is the question itself.
      expect(lines.slice(criterionOne).filter((line) => CAUSE_OR_FIX.test(line))).toEqual([]);
    }
  });

  it('says that lines are held back, and keeps the hint sentences that give nothing away', () => {
    const text = render(report());
    expect(text).toMatch(/\(\d+ lines held back: they would give the cause away before you state a root cause/);
    expect(text).toContain('hint: A container that exited stays exited');
    expect(text).not.toContain('lesson:');
  });

  it('shows everything once a root cause is stated, right or wrong, or the lab is solved', () => {
    const stated = report(brokenSnapshot(), { component: 'worker', cause: 'crashed-with-error' });
    expect(revealsAll(stated)).toBe(true);
    expect(render(stated)).toMatch(/limit 64 MiB \(largest waiting export needs \d+ MiB\)/);
    expect(render(stated)).toContain('lesson:');
    expect(learnerView(stated, workerOom).report).toBe(stated);
    expect(revealsAll(report(fixedSnapshot()))).toBe(report(fixedSnapshot()).solved);
  });

  it('leaves --json whole', () => {
    const full = report();
    let text = '';
    const stream = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
    renderCheckReport(full, workerOom, new Output({ stream, json: true }));
    expect(JSON.parse(text)).toEqual(full);
    expect(text).toMatch(CAUSE_OR_FIX);
  });

  it('recognises the words that give it away', () => {
    expect(givesAway('a memory limit of 160 MiB (HostConfig) < 339 MiB needed', workerOom)).toBe(true);
    expect(givesAway('when the kernel killed it', workerOom)).toBe(true);
    expect(givesAway('worker: exited (137) since 04:26:20 UTC', workerOom)).toBe(false);
    expect(givesAway('queue depth: 1,499', workerOom)).toBe(false);
  });
});

/** The words that name the cause (not every mention of memory or cgroups: a sandbox's size and nesting are no spoiler). */
const NAMES_THE_CAUSE = /\boom\w*|out of memory|kernel|\bkill(ed|s)\b|memory (cap|limit)|\b(160|512) MiB|137/i;

describe('what a learner reads before diagnosing', () => {
  it("up's step lines say what happens, never why", async () => {
    const titles: string[] = [];
    // The titles only: no step runs, so no Docker is needed.
    const step = async <T>(title: string): Promise<T> => (titles.push(title), undefined as T);
    await stageWorkerOom({ options: { backlog: 1487, sitePort: 8080, trafficIntervalMs: 3000 }, labToken: 't', servicePassword: 'p', baseImage: 'b', step });
    expect(titles).toEqual([
      'Start redis and web; wait for PONG and HTTP 200',
      'Queue 1,487 export jobs',
      'Start the worker',
      'Wait for the worker to stop',
      'Confirm the outage and record a baseline',
    ]);
    expect(titles.filter((title) => givesAway(title, workerOom))).toEqual([]);
  });

  it("the lab's --help, its first screen, names no cause", async () => {
    const { execa } = await import('execa');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'async-outage-lab.js');
    const help = await execa('node', [bin, '--help'], { reject: false, env: { NO_COLOR: '1' } });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Commands:/);
    expect(help.stdout.replace(/\s+/g, ' ')).not.toMatch(NAMES_THE_CAUSE);
    expect(help.stdout.replace(/\s+/g, ' ')).not.toMatch(/\bdead\b/i);
  });

  it("the README's opening paragraph and its classroom section name no cause", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const opening = readme.split(/\n\n/)[1]!;
    const from = readme.indexOf('## A classroom on one host');
    const classroom = readme.slice(from, readme.indexOf('\n## ', from + 1));
    expect(opening).toMatch(/1,487 export jobs/);
    expect(classroom.length).toBeGreaterThan(1000);
    for (const paragraph of [opening, ...classroom.split(/\n\n/)]) expect(paragraph.replace(/\s+/g, ' ')).not.toMatch(NAMES_THE_CAUSE);
  });
});
