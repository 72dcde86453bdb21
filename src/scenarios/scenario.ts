import type { SignalThresholds } from '../checks/signal-types.js';
import type { RuleBreakClassifier } from '../shim/transcript.js';
import type { Baseline } from './worker-oom/baseline.js';
import type { JudgeContext } from '../checks/types.js';
import type { Verdict } from '../checks/verdict.js';
import type { StackFiles } from '../docker/compose.js';
import type { UpOptions } from '../lab/lifecycle.js';
import type { Snapshot } from './worker-oom/observe/snapshot.js';
import type { HintBook } from './hint-types.js';


/** What `up` hands the scenario once the image is built and any earlier lab is cleared. */
export interface StageContext {
  options: UpOptions;
  /** The secret the web's internal endpoints ask for (kept in the baseline). */
  labToken: string;
  baseImage: string;
  /** Runs one titled step, reported as `up`'s progress. */
  step: <T>(title: string, run: (detail: (text: string) => void) => Promise<T>) => Promise<T>;
}

/**
 * An outage, as the engine takes it: a typed value. What the engine needs of a scenario goes
 * here: its stack, its criteria, its briefing, how it reads a transcript for collateral damage, where its signals
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
  /** The stack `up` builds and starts. */
  stack: StackFiles;
  /** The container whose published port is the lab's address; `up` refuses a port something else holds. */
  publishedHttp: { container: string; containerPort: number };
  /** Starts the stack, breaks it, confirms the break and returns the baseline. */
  stage: (context: StageContext) => Promise<Baseline>;
  /** The lines printed when the outage is handed over. */
  briefing: (baseline: Baseline) => string[];
  /** The criteria `check` judges, in order, with their titles. */
  criteria: {
    ids: readonly string[];
    titles: Readonly<Record<string, string>>;
    judge: (snapshot: Snapshot, baseline: Baseline, context: JudgeContext) => Verdict[];
  };
}
