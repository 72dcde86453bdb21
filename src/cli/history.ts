import { Command } from 'commander';
import type { SessionEntry } from '../shim/session-log.js';
import { type HistoryRow, historyOf } from '../usecases/history.js';
import { action, type CommonOptions } from './action.js';
import type { Output } from './output.js';
import { catalog } from './scenario-choice.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time of an entry: 14:03:22. */
export function localTime(date: Date): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** Local calendar day of an entry: 2026-11-03. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
}

/** 0.4s, 12s, 3m05s. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${pad2(seconds % 60)}s`;
}

/** exit 0, exit 137, SIGTERM. */
export function formatOutcome(entry: SessionEntry): string {
  if (entry.signal) return entry.signal;
  return entry.exitCode === null ? 'exit ?' : `exit ${entry.exitCode}`;
}

/** The transcript for people: a day header whenever the day changes, one line per command. */
export function renderHistory(rows: readonly HistoryRow[], output: Output, sessionLog: string, now: Date = new Date()): void {
  if (rows.length === 0) {
    output.line('No docker commands recorded yet.');
    output.line(
      `Open a recording shell with ${output.bold('async-outage-lab shell')} (or run ${output.bold('eval "$(async-outage-lab env)"')} in your own) and investigate with docker; every command shows up here.`,
    );
    return;
  }
  const outcomes = rows.map(formatOutcome);
  const durations = rows.map((row) => formatDuration(row.durationMs));
  const outcomeWidth = Math.max(...outcomes.map((text) => text.length));
  const durationWidth = Math.max(...durations.map((text) => text.length));
  const today = localDay(now);
  let day: string | undefined;
  rows.forEach((row, index) => {
    const at = new Date(row.at);
    const valid = !Number.isNaN(at.getTime());
    const rowDay = valid ? localDay(at) : '';
    if (rowDay !== day && (rowDay !== today || day !== undefined)) output.line(output.dim(`── ${rowDay || 'unknown day'}`));
    day = rowDay;
    const time = valid ? localTime(at) : '--:--:--';
    const outcome = outcomes[index]!.padEnd(outcomeWidth);
    const failed = row.signal !== undefined || (row.exitCode !== null && row.exitCode !== 0);
    const mark = row.rule ? output.color.red('✘') : ' ';
    output.line(
      `${mark} ${output.dim(time)}  ${failed ? output.color.yellow(outcome) : output.dim(outcome)}  ${output.dim(durations[index]!.padStart(durationWidth))}  ${row.command}`,
    );
    if (row.rule) output.line(`  ${' '.repeat(time.length)}  ${output.color.red(`↳ ${row.rule}`)}`);
  });
  const broke = rows.filter((row) => row.rule).length;
  output.line();
  const summary = `${rows.length} docker command${rows.length === 1 ? '' : 's'} recorded`;
  output.line(
    broke
      ? `${summary}; ${output.color.red(`${broke} went against the exercise's rules`)} (marked ✘). \`async-outage-lab check\` grades the lab's actual state.`
      : `${summary}; none went against the exercise's rules.`,
  );
  output.line(output.dim(`log: ${sessionLog}`));
}

export function historyCommand(): Command {
  return new Command('history')
    .description('show the docker commands recorded since the lab was last set up or reset')
    .option('--json', 'print {entries: [...]} as JSON')
    .addHelpText(
      'after',
      `
Commands are recorded when you run docker inside \`async-outage-lab shell\`, or in a shell where you ran
\`eval "$(async-outage-lab env)"\`. \`async-outage-lab reset\` starts a fresh transcript.

Examples:
  $ async-outage-lab history
  $ async-outage-lab history --json | jq '.entries[] | select(.rule)'`,
    )
    .action(
      action<CommonOptions>(async (_options, output) => {
        const { rows, sessionLog } = historyOf(catalog);
        if (output.json) output.result({ entries: rows });
        else renderHistory(rows, output, sessionLog);
        return 0;
      }),
    );
}
