import type { SessionEntry } from './session-log.js';
import { commandLine } from './shell-words.js';

/** The transcript `check` and `history` show: the session log, one row per recorded command. */

/** One recorded command as the transcript shows it. */
export interface TranscriptRow {
  at: string;
  /** The command line, quoted so it can be pasted back into a shell. */
  command: string;
  exitCode: number | null;
  /** The rule of the exercise it broke; absent when it broke none. */
  ruleBreak?: string;
}

/** Names the rule a recorded command broke, or undefined: the scenario's judgement of the words typed. */
export type RuleBreakClassifier = (argv: readonly string[], program?: 'docker' | 'docker-compose') => string | undefined;

export function transcriptRow(entry: SessionEntry, ruleBreak: RuleBreakClassifier): TranscriptRow {
  const broke = ruleBreak(entry.argv, entry.program);
  return { at: entry.at, command: commandLine(entry), exitCode: entry.exitCode, ...(broke ? { ruleBreak: broke } : {}) };
}

/** The session log as a transcript, one row per recorded command, in order. */
export function transcriptOf(entries: readonly SessionEntry[], ruleBreak: RuleBreakClassifier): TranscriptRow[] {
  return entries.map((entry) => transcriptRow(entry, ruleBreak));
}
