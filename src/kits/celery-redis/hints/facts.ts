import type { ContainerView } from '../observe/snapshot.js';
import type { SessionEntry } from '../../../shim/session-log.js';
import type { RuleBreakClassifier } from '../../../shim/transcript.js';

/** What the hint rules of every outage of the stack see: the worker now, the commands recorded, and the hints already given. */
export interface StackHintFacts {
  worker: {
    exists: boolean;
    running: boolean;
    status?: string;
  };
  /** The learner's docker commands, oldest first, with the rule each broke. */
  commands: ReadonlyArray<{ argv: readonly string[]; program?: 'docker-compose'; ruleBreak?: string }>;
  /** How many hints were already given in each situation (since `up` or `reset`). */
  asked: Readonly<Record<string, number>>;
}

/** The stack's hint facts, from the worker as inspected and the session log. Pure. */
export function stackHintFacts(
  worker: ContainerView,
  entries: readonly SessionEntry[],
  ruleBreak: RuleBreakClassifier,
  asked: Record<string, number>,
): StackHintFacts {
  return {
    worker: { exists: worker.exists, running: Boolean(worker.running), ...(worker.status ? { status: worker.status } : {}) },
    commands: entries.map((entry) => {
      const broke = ruleBreak(entry.argv, entry.program);
      return { argv: entry.argv, ...(entry.program ? { program: entry.program } : {}), ...(broke ? { ruleBreak: broke } : {}) };
    }),
    asked,
  };
}
