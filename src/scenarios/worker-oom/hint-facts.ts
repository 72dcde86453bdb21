import { inspectContainer } from '../../docker/engine.js';
import { stackHintFacts } from '../../kits/celery-redis/hints/facts.js';
import type { ContainerView } from '../../kits/celery-redis/observe/snapshot.js';
import { classifyCommand } from '../../kits/celery-redis/rules/docker-commands.js';
import { containerViewFromInspect } from '../../observe/from-inspect.js';
import { MIB } from '../../project/names.js';
import type { SessionEntry } from '../../shim/session-log.js';
import type { RuleBreakClassifier } from '../../shim/transcript.js';
import type { Baseline } from './baseline.js';
import { effectiveMemoryLimit } from './criteria/facts.js';
import { requiredLimitMiB } from './figures.js';
import type { HintFacts } from './hint-rules.js';

/** The facts the hint rules read, from the worker as inspected, the baseline and the session log. Pure. */
export function hintFacts(
  worker: ContainerView,
  baseline: Baseline,
  entries: readonly SessionEntry[],
  ruleBreak: RuleBreakClassifier,
  asked: Record<string, number>,
): HintFacts {
  const limit = worker.exists ? effectiveMemoryLimit(worker).bytes : undefined;
  const stack = stackHintFacts(worker, entries, ruleBreak, asked);
  return {
    worker: { ...stack.worker, ...(limit === undefined ? {} : { limitBytes: limit }) },
    baselineLimitBytes: baseline.worker.memoryLimitBytes,
    requiredLimitBytes: requiredLimitMiB(baseline.backlog.largestWaitingRows) * MIB,
    commands: stack.commands,
    asked,
  };
}

/** The facts `hint` reads now: the worker as Docker shows it, with the baseline and the commands recorded. */
export async function readHintFacts(baseline: Baseline, entries: readonly SessionEntry[], asked: Record<string, number>): Promise<HintFacts> {
  const worker = containerViewFromInspect('worker', await inspectContainer('worker'));
  return hintFacts(worker, baseline, entries, classifyCommand, asked);
}
