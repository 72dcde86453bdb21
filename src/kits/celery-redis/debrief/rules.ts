import type { Debrief } from '../../../scenario/debrief.js';
import type { SessionEntry } from '../../../shim/session-log.js';
import { commandLine } from '../../../shim/shell-words.js';
import type { RuleBreakClassifier } from '../../../shim/transcript.js';

/** Each rule of engagement, kept or with the commands that broke it (as the classifier names them). Pure. */
export function keptRules(
  rules: ReadonlyArray<{ rule: string; matches: RegExp }>,
  evidence: { session: readonly SessionEntry[] },
  ruleBreak: RuleBreakClassifier,
): Debrief['rules'] {
  const broken = evidence.session.flatMap((entry) => {
    const why = ruleBreak(entry.argv, entry.program);
    return why ? [{ why, command: commandLine(entry) }] : [];
  });
  return rules.map(({ rule, matches }) => {
    const commands = broken.filter((b) => matches.test(b.why)).map((b) => `\`${b.command}\`: ${b.why}`);
    return { rule, kept: commands.length === 0, commands };
  });
}
