import type { AnyScenario } from '../scenario/contract.js';
import type { CheckReportView as CheckReport, ReportCommand as TranscriptEntry } from '../scenario/report.js';
import type { Verdict } from '../scenario/verdict.js';
import type { Output } from './output.js';
import { learnerView } from './spoilers.js';

/**
 * Prints a check report: one block per criterion (mark, title, indented evidence, the hint on a
 * failure), the learner's docker commands with rule breaks marked, the figures, and a one-line
 * summary. In JSON mode it prints the report object and nothing else.
 */
export function renderCheckReport(full: CheckReport, scenario: AnyScenario, output: Output): void {
  if (output.json) {
    output.result(full);
    return;
  }
  const { report, showLimits, held } = learnerView(full, scenario);
  report.criteria.forEach((criterion, index) => renderCriterion(criterion, index + 1, output));
  output.line();
  renderTranscript(report.transcript, output);
  output.line();
  if (full.hintsUsed?.length) output.line(output.dim(hintsLine(full.hintsUsed, scenario.hint.situations)));
  if (held > 0)
    output.line(
      output.dim(
        `(${held} ${held === 1 ? 'line' : 'lines'} held back: they would give the cause away before you state a root cause. \`--json\` has them all.)`,
      ),
    );
  output.line(output.dim(scenario.check.report.figuresLine(report, showLimits)));
  // What comes after a solved outage: its postmortem, and the experiments it points to.
  const demos = scenario.demos.length;
  const experiments = demos === 0 ? '' : ` and ${demos === 1 ? 'an experiment' : `${demos} experiments`} to watch`;
  if (report.solved) output.line(output.dim(`Next: \`async-outage-lab debrief\` for the postmortem (timeline, time to recover)${experiments}.`));
  const summary = `${report.passed} of ${report.total} criteria pass — ${report.solved ? 'solved' : 'not solved yet'}`;
  output.line(report.solved ? output.ok(output.bold(summary)) : output.bad(output.bold(summary)));
}

const INDENT = '    ';

function renderCriterion(criterion: Verdict, number: number, output: Output): void {
  const title = `${number}. ${criterion.title}`;
  output.line(criterion.passed ? output.ok(title) : output.bad(output.bold(title)));
  for (const line of criterion.evidence) output.line(`${INDENT}${line}`);
  if (!criterion.passed && criterion.hint) output.line(`${INDENT}${output.color.yellow('hint:')} ${criterion.hint}`);
  if (criterion.lesson) output.line(`${INDENT}${output.dim(`lesson: ${criterion.lesson}`)}`);
}

const time = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(11, 19);
};

function renderTranscript(transcript: TranscriptEntry[], output: Output): void {
  if (transcript.length === 0) {
    output.line(output.dim('No docker commands recorded yet (the lab records what you run in `async-outage-lab shell`).'));
    return;
  }
  const breaks = transcript.filter((entry) => entry.ruleBreak).length;
  output.line(output.bold(`Your docker commands (${transcript.length}${breaks ? `, ${breaks} breaking a rule` : ''}):`));
  const width = Math.min(60, Math.max(...transcript.map((entry) => entry.command.length)));
  for (const entry of transcript) {
    const exit = entry.exitCode === null ? '' : output.dim(`exit ${entry.exitCode}`);
    const line = `  ${output.dim(time(entry.at))}  ${entry.command.padEnd(width)}  ${exit}`.trimEnd();
    output.line(line);
    if (entry.ruleBreak) output.line(`  ${' '.repeat(8)}  ${output.color.red(`⚠ rule break: ${entry.ruleBreak}`)}`);
  }
}

/**
 * "Hints used: 3 (“nothing inspected yet” to level 2, …)": how far into each situation the learner
 * asked, each named by the title `hint` showed (the ids are for --json).
 */
export function hintsLine(hints: NonNullable<CheckReport['hintsUsed']>, titles: Readonly<Record<string, { title: string }>>): string {
  const deepest = new Map<string, number>();
  for (const hint of hints) deepest.set(hint.situation, Math.max(deepest.get(hint.situation) ?? 0, hint.level));
  const parts = [...deepest].map(([situation, level]) => `“${titles[situation]?.title ?? 'an earlier hint'}” to level ${level}`);
  return `Hints used: ${hints.length} (${parts.join(', ')})`;
}
