import type { AnyScenario } from '../scenario/contract.js';
import type { CheckReportView as CheckReport } from '../scenario/report.js';
import type { Verdict } from '../scenario/verdict.js';

/**
 * The one place that decides what `check` may show a learner. Until a root cause is stated (or
 * the lab is solved), nothing printed for people names the cause or the fix (the scenario's
 * spoiler words say which words would): lessons, evidence lines and hint sentences that would are
 * held back, and the figures leave out what gives the fix away. `--json` carries the whole report: scripts and CI read it.
 */
export function revealsAll(report: CheckReport): boolean {
  return report.statement !== undefined || report.solved;
}

/** Whether a line gives the outage's cause or fix away. */
export const givesAway = (text: string, scenario: AnyScenario): boolean => scenario.check.report.spoilers.test(text);

export interface LearnerView {
  report: CheckReport;
  /** False when the figures must leave out what gives the fix away. */
  showLimits: boolean;
  /** Lines and sentences held back, for the note that says so. */
  held: number;
}

/** The report as the learner may see it now. */
export function learnerView(report: CheckReport, scenario: AnyScenario): LearnerView {
  if (revealsAll(report)) return { report, showLimits: true, held: 0 };
  let held = 0;
  const criteria = report.criteria.map((criterion): Verdict => {
    // The root-cause question lists every cause as a choice: that is the question, not an answer.
    if (criterion.id === scenario.check.rootCause.criterionId) return criterion;
    const evidence = criterion.evidence.filter((line) => !givesAway(line, scenario));
    held += criterion.evidence.length - evidence.length;
    const shown: Verdict = { ...criterion, evidence };
    delete shown.lesson;
    delete shown.hint;
    if (criterion.lesson) held++;
    if (criterion.hint) {
      const sentences = splitSentences(criterion.hint);
      const kept = sentences.filter((sentence) => !givesAway(sentence, scenario));
      held += sentences.length - kept.length;
      if (kept.length) shown.hint = kept.join(' ');
    }
    return shown;
  });
  return { report: { ...report, criteria }, showLimits: false, held };
}

/** Splits prose at sentence ends (". " followed by a capital or a backtick), keeping code spans whole. */
function splitSentences(text: string): string[] {
  return text.split(/(?<=[.?!])\s+(?=[A-Z`(])/).filter(Boolean);
}
