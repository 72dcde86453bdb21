import { dockerVerb, containerNames as names } from '../../kits/celery-redis/hints/docker-verb.js';
import type { StackHintFacts } from '../../kits/celery-redis/hints/facts.js';

/**
 * Which situation of this outage the learner is in, from the lab's state and the commands they
 * ran. Pure; the first rule that holds wins, most urgent first.
 */
export type Situation = 'look-first' | 'find-why' | 'why-seen' | 'oom-start-only' | 'raised-not-started' | 'draining' | 'rule-broken';

const aboutWorker = (args: readonly string[]) => names(args).some((name) => name === 'worker' || name.startsWith('worker'));

/** The learner looked at the containers' states (and so could see the worker had exited). */
const listed = (v: ReturnType<typeof dockerVerb>) => Boolean(v && (v.verb === 'ps' || v.verb === 'stats' || (v.verb === 'inspect' && !v.compose)));
/** The learner looked at how the worker ended: its State, the events, or what its logs said last. */
const inspectedWhy = (v: ReturnType<typeof dockerVerb>) => Boolean(v && ((v.verb === 'inspect' && aboutWorker(v.args)) || v.verb === 'events'));
const started = (v: ReturnType<typeof dockerVerb>) =>
  Boolean(
    v && (v.verb === 'start' || v.verb === 'restart' || v.verb === 'up') && (v.compose ? !names(v.args).length || aboutWorker(v.args) : aboutWorker(v.args)),
  );

/**
 * This outage's situation for the facts: a damaged lab first, then from the fix backwards. Each
 * command that broke a rule is told once; after that the hints go on to the worker the learner is
 * fixing (with a one-line aside about the damage, see `ruleBrokenAside`).
 */
export function workerOomSituation(facts: HintFacts): Situation {
  if (rulesBroken(facts) > (facts.asked['rule-broken'] ?? 0)) return 'rule-broken';
  const { worker } = facts;
  const raised = worker.exists && (worker.limitBytes === undefined || worker.limitBytes > facts.baselineLimitBytes);
  const enough = worker.exists && (worker.limitBytes === undefined || worker.limitBytes >= facts.requiredLimitBytes);
  if (worker.running) return enough ? 'draining' : 'oom-start-only';
  if (raised) return 'raised-not-started';
  const verbs = facts.commands.map((c) => dockerVerb(c.argv, c.program));
  // Started as it was and stopped again: a plain start will not hold. Only looked at how it ended:
  // that is no start yet, so the hint must not speak of one.
  if (verbs.some(started)) return 'oom-start-only';
  if (verbs.some(inspectedWhy)) return 'why-seen';
  if (verbs.some(listed) || verbs.some((v) => v?.verb === 'logs')) return 'find-why';
  return 'look-first';
}

/** What the hint rules see: the stack's facts, with the worker's memory limit beside what the outage began with and what it needs. */
export interface HintFacts extends StackHintFacts {
  worker: StackHintFacts['worker'] & {
    /** The memory limit in force (the lower of memory and swap); undefined: none. */
    limitBytes?: number;
  };
  /** The limit the outage began with. */
  baselineLimitBytes: number;
  /** What the largest export still waiting needs to finish. */
  requiredLimitBytes: number;
}

/** How many recorded commands broke a rule of engagement. */
const rulesBroken = (facts: HintFacts) => facts.commands.filter((c) => c.ruleBreak).length;

/** The one line that recalls damage already told, beside a hint about the worker. */
export function ruleBrokenAside(facts: HintFacts, situation: string): string | undefined {
  if (situation === 'rule-broken' || rulesBroken(facts) === 0) return undefined;
  return 'Aside: a command of yours touched web or redis earlier; `async-outage-lab check` shows what it cost.';
}
