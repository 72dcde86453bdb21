import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eachBounded } from '../../src/classroom/bring-up.js';
import { planCapacity } from '../../src/classroom/capacity.js';
import { parseLearner, sandboxName } from '../../src/classroom/naming.js';
import { statusPage } from '../../src/classroom/page.js';
import { elapsedText, learnerRow } from '../../src/classroom/rows.js';
import { tableLines, tallyText } from '../../src/classroom/table.js';
import { workerOomClassroom } from '../../src/scenarios/worker-oom/classroom.js';

// `check --json` as a sandbox's lab printed it in a real classroom run: learner 1 had applied the
// card's fix and stated the cause; learner 2 had run FLUSHALL, `docker kill web` and an update.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'classroom', name), 'utf8');
const solvedRun = { exitCode: 0, stdout: fixture('check-learner-1.json'), stderr: '' };
const brokenRun = { exitCode: 1, stdout: fixture('check-learner-2.json'), stderr: '' };
const now = new Date('2026-12-02T16:45:00Z');
const base = (learner: number, running = true) => ({ learner, sandbox: sandboxName(learner), running, outageBeganAt: '2026-12-02T16:40:50.284741107Z', now });
const stageOf = workerOomClassroom.stageOf;

describe('classroom capacity', () => {
  it('holds 8 on a 2-core, 24 GiB host: the cores bind before the memory', () => {
    const capacity = planCapacity({ learners: 9, memoryBytes: 24_105 * 1024 * 1024, cores: 2, sandboxMemoryMiB: 768 });
    expect(capacity).toMatchObject({ fits: false, max: 8, byMemory: 28, byCores: 8 });
    expect(capacity.text).toContain('24,105 MiB');
    expect(capacity.text).toContain('at most 8 here');
    expect(planCapacity({ learners: 8, memoryBytes: 24_105 * 1024 * 1024, cores: 2, sandboxMemoryMiB: 768 }).fits).toBe(true);
  });

  it('lets memory bind on a small host, and holds none below the reserve', () => {
    expect(planCapacity({ learners: 3, memoryBytes: 4096 * 1024 * 1024, cores: 8, sandboxMemoryMiB: 768 })).toMatchObject({ fits: false, max: 2, byMemory: 2 });
    expect(planCapacity({ learners: 1, memoryBytes: 1024 * 1024 * 1024, cores: 8, sandboxMemoryMiB: 768 })).toMatchObject({ fits: false, max: 0 });
  });
});

describe('classroom rows from check --json', () => {
  it('reads a solved learner: 5/5, no rule broken, time since the kill', () => {
    const row = learnerRow(base(1), solvedRun, stageOf);
    expect(row).toMatchObject({ stage: 'solved', passed: 5, total: 5, rulesBroken: [], hintsUsed: 0, sinceOutageS: 250 });
  });

  it('lists the commands that broke a rule', () => {
    const row = learnerRow(base(2), brokenRun, stageOf);
    expect(row.stage).toBe('investigating');
    expect(row.passed).toBe(0);
    expect(row.rulesBroken.map((broken) => broken.command)).toEqual(['docker exec redis redis-cli FLUSHALL', 'docker kill web']);
  });

  it('tells fixed from draining from solved by the criteria passed', () => {
    expect(stageOf(new Set(['worker-headroom']), false)).toBe('fixed');
    expect(stageOf(new Set(['worker-headroom', 'backlog-draining']), false)).toBe('draining');
    expect(stageOf(new Set(['backlog-draining']), false)).toBe('investigating');
    const unstated = JSON.parse(solvedRun.stdout) as { solved: boolean; passed: number; criteria: Array<{ id: string; passed: boolean }> };
    unstated.criteria = unstated.criteria.map((criterion) => (criterion.id === 'root-cause' ? { ...criterion, passed: false } : criterion));
    Object.assign(unstated, { solved: false, passed: 4 });
    expect(learnerRow(base(1), { exitCode: 1, stdout: JSON.stringify(unstated), stderr: '' }, stageOf).stage).toBe('draining');
  });

  it('says why a learner has no stage: stopped sandbox, no lab, no report', () => {
    expect(learnerRow(base(3, false), undefined, stageOf)).toMatchObject({ stage: 'no-sandbox', problem: 'the sandbox is not running' });
    expect(learnerRow(base(3), { exitCode: 3, stdout: '', stderr: 'error: No lab here.\nhint: run up' }, stageOf)).toMatchObject({
      stage: 'no-lab',
      problem: 'No lab here.',
    });
    expect(learnerRow(base(3), { exitCode: 4, stdout: 'not json', stderr: '' }, stageOf)).toMatchObject({
      stage: 'unreadable',
      problem: 'check exited 4 without a report',
    });
  });
});

describe('classroom table and page', () => {
  const rows = [learnerRow(base(1), solvedRun, stageOf), learnerRow(base(2), brokenRun, stageOf)];

  it('aligns one line per learner under the headings', () => {
    const lines = tableLines(rows);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^learner\s+stage\s+criteria\s+rules broken\s+hints\s+since outage$/);
    expect(lines[1]).toMatch(/^aol-learner-01\s+solved\s+5\/5\s+none\s+0\s+4 m 10 s$/);
    expect(lines[2]).toContain('2: docker exec redis redis-cli FLUSHALL; docker kill web');
    expect(tallyText(rows)).toBe('2 learners: 1 solved, 1 investigating');
  });

  it('serves the same rows as a page that reloads itself, text escaped', () => {
    const page = statusPage([...rows, { ...rows[1]!, learner: 3, sandbox: '<b>x</b>' }], now, 15);
    expect(page).toContain('<meta http-equiv="refresh" content="15">');
    expect(page).toContain('<tr data-learner="1" data-stage="solved">');
    expect(page.match(/<tr data-learner/g)).toHaveLength(3);
    expect(page).toContain('&#60;b&#62;x&#60;/b&#62;');
    expect(page).not.toContain('<b>x</b>');
  });

  it('writes elapsed time in minutes, then hours', () => {
    expect(elapsedText(65)).toBe('1 m 05 s');
    expect(elapsedText(3720)).toBe('1 h 02 m');
    expect(elapsedText(null)).toBe('-');
  });
});

describe('classroom naming', () => {
  it('reads a learner as a number, padded or by sandbox name', () => {
    expect(parseLearner('3')).toBe(3);
    expect(parseLearner('03')).toBe(3);
    expect(parseLearner('aol-learner-12')).toBe(12);
    expect(parseLearner('0')).toBeUndefined();
    expect(parseLearner('web')).toBeUndefined();
    expect(sandboxName(7)).toBe('aol-learner-07');
  });
});

describe('classroom bring-up concurrency', () => {
  it('runs at most `limit` learners at once and collects every failure without stopping the rest', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const failures = await eachBounded([1, 2, 3, 4, 5], 2, async (learner) => {
      running += 1;
      most = Math.max(most, running);
      await Promise.resolve();
      await Promise.resolve();
      running -= 1;
      if (learner % 2 === 0) throw new Error(`learner ${learner} failed`);
      done.push(learner);
    });
    expect(most).toBe(2);
    expect(done.sort()).toEqual([1, 3, 5]);
    expect(failures.map((failure) => failure.item).sort()).toEqual([2, 4]);
  });
});
