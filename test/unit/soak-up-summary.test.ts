import { describe, expect, it } from 'vitest';
import type { UpRoundResult } from '../../tools/soak/up-round.js';
import { upOnlySummary, upRoundLine } from '../../tools/soak/up-summary.js';

const round = (index: number, upMs: number, exitCode = 0, tail: string[] = []): UpRoundResult => ({
  index,
  command: index === 0 ? 'up poison-loop' : 'reset',
  exitCode,
  upMs,
  tail,
});

describe('the up-only soak report', () => {
  it('counts the rounds that reached the confirmed broken state and gives the median and max time', () => {
    const lines = upOnlySummary([round(0, 90_000), round(1, 40_000), round(2, 30_000), round(3, 50_000)], 215_000);
    expect(lines).toEqual([
      'soak --up-only: 4 of 4 round(s) reached the confirmed broken state (exit 0) in 215 s',
      '  up/reset       median 45.0 s, max 90.0 s',
    ]);
  });

  it('lists every failed round with the last lines it printed, and counts it out of the passed ones', () => {
    const failed = round(2, 70_000, 4, ['The worker did not die as the outage says.', 'seen: RestartCount 0 -> 0, exit 0, running']);
    const lines = upOnlySummary([round(0, 60_000), round(1, 30_000), failed, round(3, 31_000, 3, ['no daemon'])], 200_000);
    expect(lines[0]).toBe('soak --up-only: 2 of 4 round(s) reached the confirmed broken state (exit 0) in 200 s');
    expect(lines.slice(2)).toEqual([
      '  round 3 (reset) exited 4; its last lines:',
      '    | The worker did not die as the outage says.',
      '    | seen: RestartCount 0 -> 0, exit 0, running',
      '  round 4 (reset) exited 3; its last lines:',
      '    | no daemon',
    ]);
  });

  it('marks each round line with its command, exit code and time', () => {
    expect(upRoundLine(round(0, 61_234))).toBe('round  1: up poison-loop           exit 0 in 61.2 s  ✔');
    expect(upRoundLine(round(11, 30_000, 4))).toBe('round 12: reset                    exit 4 in 30.0 s  ✘');
  });
});
