import { median, seconds } from '../../src/measure.js';
import type { RoundResult } from './round.js';

/** One line a round: its times and, when it went wrong, what was wrong. */
export const roundLine = (round: RoundResult) =>
  `round ${String(round.index + 1).padStart(2)}: ${round.index === 0 ? 'up   ' : 'reset'} ${seconds(round.upMs, 1)}, fix ${seconds(round.fixMs, 1)}, ` +
  `check --wait ${seconds(round.checkMs, 1)}, round ${seconds(round.roundMs, 1)}${round.problems.length ? `  ✘ ${round.problems.join('; ')}` : '  ✔'}`;

/** The soak's figures: median and max of each phase over the rounds, and the rounds that went wrong. */
export function soakSummary(rounds: readonly RoundResult[], totalMs: number): string[] {
  const figure = (name: string, values: number[]) => `  ${name.padEnd(14)} median ${seconds(median(values), 1)}, max ${seconds(Math.max(...values), 1)}`;
  const wrong = rounds.filter((round) => round.problems.length > 0);
  return [
    `soak: ${rounds.length} round(s) in ${seconds(totalMs, 0)}`,
    figure(
      'up/reset',
      rounds.map((r) => r.upMs),
    ),
    figure(
      'check --wait',
      rounds.map((r) => r.checkMs),
    ),
    figure(
      'whole round',
      rounds.map((r) => r.roundMs),
    ),
    wrong.length === 0
      ? '  every round: the broken state as the outage says, and the fix graded solved'
      : `  ${wrong.length} round(s) wrong: ${wrong.map((r) => r.index + 1).join(', ')}`,
  ];
}
