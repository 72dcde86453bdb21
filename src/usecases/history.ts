import { statePaths } from '../project/paths.js';
import type { Catalog } from '../scenario/contract.js';
import { readSessionLog, type SessionEntry } from '../shim/session-log.js';
import { type RuleBreakClassifier, transcriptRow } from '../shim/transcript.js';
import { scenarioUpOrDefault } from './down.js';

export interface HistoryRow extends SessionEntry {
  /** The command as it can be pasted back into a shell. */
  command: string;
  /** The rule of the exercise it broke, if any. */
  rule?: string;
}

/** The recorded commands, each marked with the rule of the outage it broke. */
export function historyRows(entries: readonly SessionEntry[], ruleBreak: RuleBreakClassifier): HistoryRow[] {
  return entries.map((entry) => {
    const { command, ruleBreak: broke } = transcriptRow(entry, ruleBreak);
    return { ...entry, command, ...(broke ? { rule: broke } : {}) };
  });
}

/** `history`: the commands recorded since the lab was set up, judged by the rules of the outage up. */
export function historyOf(catalog: Catalog): { rows: HistoryRow[]; sessionLog: string } {
  const { sessionLog } = statePaths();
  return { rows: historyRows(readSessionLog(sessionLog), scenarioUpOrDefault(catalog).ruleBreak), sessionLog };
}
