import type { Debrief } from '../scenario/debrief.js';
import { asInvoked } from './invocation.js';
import type { Output } from './output.js';

/** The debrief as text for a terminal and as a Markdown postmortem. Pure apart from `output`. */

const clock = (t: number) => {
  const sign = t < 0 ? '-' : '+';
  const s = Math.abs(Math.round(t));
  return `${sign}${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const duration = (s: number | null) => (s === null ? 'not yet' : s < 90 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

/** The moment the outage began, named without its cause (the data keeps the kind `kill`). */
const kindLabel = (kind: Debrief['timeline'][number]['kind']) => (kind === 'kill' ? 'outage' : kind);

export const figureLines = (d: Debrief) => [
  `time to diagnose  ${duration(d.figures.timeToDiagnoseS)}  (${d.figureNotes?.diagnose ?? `outage to the first look at how the ${d.subject} ended, or the answer if sooner; counted once the root cause is stated correctly`})`,
  `time to recover   ${duration(d.figures.timeToRecoverS)}  (${d.figureNotes?.recover ?? `outage to the start of the ${d.subject} that stayed up`})`,
  `time to drain     ${duration(d.figures.timeToDrainS)}  (outage to an empty queue)`,
  `backlog           ${d.figures.backlogAtHandover.toLocaleString('en-US')} at handover, ${d.figures.backlogPeak === null ? 'its peak not measured' : `${d.figures.backlogPeak.toLocaleString('en-US')} at its peak`}`,
  `fix attempts      ${d.figures.fixAttempts}; ${d.subject} starts ${d.figures.subjectStarts}, deaths ${d.figures.subjectDeaths}; ${d.figures.commands} docker commands recorded`,
];

const COUNTS = ['No', 'One', 'Two', 'Three', 'Four', 'Five'];
const questionsHeading = (n: number) =>
  n === 1 ? 'A question, answered by an experiment you can watch' : `${COUNTS[n] ?? n} questions, each answered by an experiment you can watch`;

export function renderDebrief(d: Debrief, output: Output): void {
  output.line(output.bold(`Postmortem: ${d.title}`));
  output.line(d.resolved ? output.ok('resolved') : output.bad('still open'));
  output.line();
  output.line(output.bold('Timeline') + output.dim(`  (mm:ss from the outage, ${d.began})`));
  for (const entry of d.timeline) output.line(`  ${clock(entry.t)}  ${kindLabel(entry.kind).padEnd(11)} ${entry.text}`);
  output.line();
  output.line(output.bold('Figures'));
  for (const line of figureLines(d)) output.line(`  ${line}`);
  output.line();
  output.line(output.bold('Rules of engagement'));
  for (const rule of d.rules) {
    output.line(`  ${rule.kept ? output.ok(`kept: ${rule.rule}`) : output.bad(`broken: ${rule.rule}`)}`);
    for (const command of rule.commands) output.line(`      ${command}`);
  }
  if (d.open.length) {
    output.line();
    output.line(output.bold('Still open'));
    for (const item of d.open) output.line(`  - ${item}`);
  }
  output.line();
  output.line(output.bold(d.questionsHeld ? 'Follow-up questions' : questionsHeading(d.questions.length)));
  if (d.questionsHeld) output.line(`  ${d.questionsHeld}`);
  for (const q of d.questions) output.line(`  ${q.question}\n      $ ${q.command}`);
}

/** The postmortem as a document; its commands written the way this user runs the lab, as on the terminal. */
export function debriefMarkdown(d: Debrief, env: NodeJS.ProcessEnv = process.env): string {
  const lines = [
    `# Postmortem: ${d.title}`,
    '',
    `Status: **${d.resolved ? 'resolved' : 'still open'}** · outage began ${d.began} · written ${d.at}`,
    '',
    '## Impact and figures',
    '',
    ...figureLines(d).map((line) => {
      const [label, ...rest] = line.split(/ {2,}/);
      return `- **${label}**: ${rest.join(' ')}`;
    }),
    '',
    '## Timeline',
    '',
    '| t (from the outage) | time (UTC) | event | what happened |',
    '|---|---|---|---|',
    ...d.timeline.map((e) => `| ${clock(e.t)} | ${e.at.slice(11, 19)} | ${kindLabel(e.kind)} | ${e.text.replace(/\|/g, '\\|')} |`),
    '',
    '## Rules of engagement',
    '',
    ...d.rules.flatMap((rule) => [`- ${rule.kept ? 'Kept' : 'Broken'}: ${rule.rule}`, ...rule.commands.map((c) => `  - ${c}`)]),
    '',
  ];
  if (d.open.length) lines.push('## Still open', '', ...d.open.map((item) => `- ${item}`), '');
  lines.push(
    '## Follow-up questions',
    '',
    ...(d.questionsHeld ? [d.questionsHeld] : []),
    ...d.questions.map((q) => `- ${q.question} Run \`${q.command}\` to watch the answer.`),
    '',
  );
  return asInvoked(lines.join('\n'), env);
}
