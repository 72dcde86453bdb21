import { median, seconds } from '../../src/measure.js';
import type { UpRoundResult } from './up-round.js';

/** One line a round: the command, its exit code and wall time. */
export const upRoundLine = (round: UpRoundResult) =>
  `round ${String(round.index + 1).padStart(2)}: ${round.command.padEnd(24)} exit ${round.exitCode} in ${seconds(round.upMs, 1)}  ${round.exitCode === 0 ? '✔' : '✘'}`;

/** The up-only soak's figures: rounds passed, median and max wall time, then each failed round and the last lines it printed. */
export function upOnlySummary(rounds: readonly UpRoundResult[], totalMs: number): string[] {
  const times = rounds.map((round) => round.upMs);
  const failed = rounds.filter((round) => round.exitCode !== 0);
  return [
    `soak --up-only: ${rounds.length - failed.length} of ${rounds.length} round(s) reached the confirmed broken state (exit 0) in ${seconds(totalMs, 0)}`,
    `  up/reset       median ${seconds(median(times), 1)}, max ${seconds(Math.max(...times), 1)}`,
    ...failed.flatMap((round) => [
      `  round ${round.index + 1} (${round.command}) exited ${round.exitCode}; its last lines:`,
      ...round.tail.map((line) => `    | ${line}`),
    ]),
  ];
}
