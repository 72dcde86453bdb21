import type { RuleBreakClassifier } from '../shim/transcript.js';

/**
 * An outage, as the engine takes it: a typed value. What the engine needs of a scenario goes
 * here as the split proceeds; today, how it reads a transcript for collateral damage.
 */
export interface Scenario {
  id: string;
  title: string;
  /** Names the rule a recorded command broke (for `check` and `history`), or undefined. */
  ruleBreak: RuleBreakClassifier;
}
