import { describe, expect, it } from 'vitest';
import { median } from '../../src/measure.js';
import type { RoundResult } from '../../tools/soak/round.js';
import { roundLine, soakSummary } from '../../tools/soak/summary.js';

const round = (index: number, upMs: number, checkMs: number, problems: string[] = []): RoundResult => ({
  index,
  upMs,
  fixMs: 300,
  checkMs,
  roundMs: upMs + 300 + checkMs,
  problems,
});

describe('the soak report', () => {
  it('takes the median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives each phase its median and max, and says every round was right', () => {
    const lines = soakSummary([round(0, 20_000, 40_000), round(1, 10_000, 30_000), round(2, 12_000, 50_000)], 170_000);
    expect(lines[0]).toBe('soak: 3 round(s) in 170 s');
    expect(lines[1]).toBe('  up/reset       median 12.0 s, max 20.0 s');
    expect(lines[2]).toBe('  check --wait   median 40.0 s, max 50.0 s');
    expect(lines[3]).toBe('  whole round    median 60.3 s, max 62.3 s');
    expect(lines[4]).toMatch(/every round/);
  });

  it('names the rounds that went wrong, and what was wrong in each line', () => {
    const bad = round(1, 10_000, 30_000, ['check --wait exited 1, failing backlog-draining']);
    expect(soakSummary([round(0, 1, 1), bad], 1)[4]).toBe('  1 round(s) wrong: 2');
    expect(roundLine(bad)).toBe('round  2: reset 10.0 s, fix 0.3 s, check --wait 30.0 s, round 40.3 s  ✘ check --wait exited 1, failing backlog-draining');
    expect(roundLine(round(0, 1000, 2000))).toMatch(/^round {2}1: up {4}1\.0 s, .* {2}✔$/);
  });
});
