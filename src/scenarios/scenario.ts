import type { SignalThresholds } from '../checks/signal-types.js';
import type { RuleBreakClassifier } from '../shim/transcript.js';
import type { HintBook } from './hint-types.js';

/**
 * An outage, as the engine takes it: a typed value. What the engine needs of a scenario goes
 * here as the split proceeds: how it reads a transcript for collateral damage, where its signals
 * page, and the hints it gives in each situation.
 */
export interface Scenario {
  id: string;
  title: string;
  /** Names the rule a recorded command broke (for `check` and `history`), or undefined. */
  ruleBreak: RuleBreakClassifier;
  /** The thresholds of the signals `status` shows. */
  signals: SignalThresholds;
  /** The situations `hint` tells apart, and what it says in each. */
  hints: HintBook;
}
