import type { RedriveOptions, RedriveOutcome } from './run.js';

export const REDRIVE_HELP = `Usage: redrive-exports [--dry-run] [--settle-ms MS]

Queues again every export the web accepted (its ledger) that never finished and that Redis no
longer holds: not in the queue, not in \`unacked\`. Exports that are finished, waiting or in a
worker's hands are left alone, so running it twice queues nothing twice.

An export missing from the first reading is read again until --settle-ms has passed (default
2000): a job moving from the queue to \`unacked\`, or just being queued, is not missing.

Options:
  -n, --dry-run       say what would be queued, queue nothing
      --settle-ms MS  how long a missing export is read again before it is queued (default 2000)
  -h, --help          this text

Exit codes: 0 done (or nothing to do), 1 Redis refused some exports (they are still missing),
2 usage, 3 the ledger or Redis could not be read.
`;

const n = (value: number) => value.toLocaleString('en-US');

/** What a run of the re-drive prints. */
export function outcomeLines(outcome: RedriveOutcome, options: RedriveOptions): string[] {
  const { plan } = outcome;
  const lines = [
    `ledger: ${n(plan.accepted)} accepted export(s): ${n(plan.finished.length)} finished, ${n(plan.waiting.length)} waiting, ${n(plan.unacked.length)} in unacked, ${n(plan.missing.length)} missing` +
      ` (${outcome.readings} reading(s) over ${n(outcome.settledMs)} ms)`,
  ];
  if (plan.missing.length === 0) return [...lines, 'nothing to re-queue'];
  if (options.dryRun)
    return [
      ...lines,
      `dry run: would re-queue ${n(plan.missing.length)} export(s), e.g. ${plan.missing
        .slice(0, 3)
        .map((r) => r.id)
        .join(', ')}`,
    ];
  lines.push(`re-queued ${n(outcome.queued.length)} export(s)`);
  if (outcome.refused.length > 0)
    lines.push(`Redis refused ${n(outcome.refused.length)} export(s): ${outcome.firstError ?? 'no reason given'}; they are still missing`);
  return lines;
}
