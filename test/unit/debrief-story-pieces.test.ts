import { describe, expect, it } from 'vitest';
import { backlogSeries } from '../../src/kits/celery-redis/debrief/backlog-series.js';
import { effectOf, isFixAttempt } from '../../src/kits/celery-redis/debrief/fix-attempts.js';

describe('the pieces of the timeline', () => {
  it('tells fix attempts from looks', () => {
    const entry = (argv: string[]) => ({ at: '', argv, exitCode: 0, durationMs: 0, cwd: '' });
    expect(isFixAttempt(entry(['start', 'worker']))).toBe(true);
    expect(isFixAttempt(entry(['container', 'update', '--memory', '512m', 'worker']))).toBe(true);
    expect(isFixAttempt(entry(['inspect', 'worker']))).toBe(false);
    expect(isFixAttempt(entry(['start', 'web']))).toBe(false);
  });

  it("reads a fix behind docker's and compose's own options", () => {
    const entry = (argv: string[], program?: 'docker-compose') => ({ at: '', argv, exitCode: 0, durationMs: 0, cwd: '', program });
    expect(isFixAttempt(entry(['-H', 'unix:///var/run/docker.sock', 'start', 'worker']))).toBe(true);
    expect(isFixAttempt(entry(['compose', '-p', 'async-outage-lab', '-f', 'docker-compose.yml', 'up', '-d', 'worker']))).toBe(true);
    expect(isFixAttempt(entry(['up', '-d', 'worker'], 'docker-compose'))).toBe(true);
    expect(isFixAttempt(entry(['--context', 'default', 'logs', 'worker']))).toBe(false);
  });

  it('says when nothing followed an attempt', () => {
    const start = { at: '1970-01-01T00:00:00.000Z', argv: ['start', 'worker'], exitCode: 0, durationMs: 500, cwd: '' };
    expect(effectOf([], [start], 1000)).toBe('no start followed');
  });

  it('follows the backlog from the handover, and never below zero', () => {
    const series = backlogSeries(
      0,
      2,
      ['1970-01-01T00:00:01.000Z'],
      ['1970-01-01T00:00:02.000Z', '1970-01-01T00:00:03.000Z', '1970-01-01T00:00:04.000Z', '1970-01-01T00:00:05.000Z'],
    );
    expect(series.map((p) => p.depth)).toEqual([2, 3, 2, 1, 0, 0]);
  });
});
