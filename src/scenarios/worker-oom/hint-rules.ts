import { COMPOSE_GLOBAL_VALUE, DOCKER_GLOBAL_VALUE, parseArgs } from '../../shim/docker-argv.js';

/**
 * Which situation of this outage the learner is in, from the lab's state and the commands they
 * ran. Pure; the first rule that holds wins, most urgent first.
 */
export type Situation = 'look-first' | 'find-why' | 'why-seen' | 'oom-start-only' | 'raised-not-started' | 'draining' | 'rule-broken';

/** A docker command as verb and arguments: global options skipped, `container X` read as `X`. */
export function dockerVerb(argv: readonly string[], program?: 'docker-compose'): { verb: string; args: readonly string[]; compose: boolean } | undefined {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) i += DOCKER_GLOBAL_VALUE.has(argv[i]!) ? 2 : 1;
  let verb = argv[i];
  let args = argv.slice(i + 1);
  if (program === 'docker-compose') return verb ? { verb, args, compose: true } : undefined;
  if (verb === 'compose') {
    let sub = 0;
    while (sub < args.length && args[sub]!.startsWith('-')) sub += COMPOSE_GLOBAL_VALUE.has(args[sub]!) ? 2 : 1;
    return args[sub] === undefined ? undefined : { verb: args[sub]!, args: args.slice(sub + 1), compose: true };
  }
  if (verb === 'container' && args[0]) [verb, args] = [args[0] === 'ls' || args[0] === 'list' ? 'ps' : args[0], args.slice(1)];
  return verb ? { verb, args, compose: false } : undefined;
}

const names = (args: readonly string[]) =>
  parseArgs(args, new Set(['-f', '--format', '--filter', '-n', '--last', '--since', '--until', '--tail', '-t', '--time', '--type']), false).positionals;
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

/** What the hint rules see: the lab's state now, the commands recorded, and the hints already given. */
export interface HintFacts {
  worker: {
    exists: boolean;
    running: boolean;
    status?: string;
    /** The memory limit in force (the lower of memory and swap); undefined: none. */
    limitBytes?: number;
  };
  /** The limit the outage began with. */
  baselineLimitBytes: number;
  /** What the largest export still waiting needs to finish. */
  requiredLimitBytes: number;
  /** The learner's docker commands, oldest first, with the rule each broke. */
  commands: ReadonlyArray<{ argv: readonly string[]; program?: 'docker-compose'; ruleBreak?: string }>;
  /** How many hints were already given in each situation (since `up` or `reset`). */
  asked: Readonly<Record<string, number>>;
}

/** How many recorded commands broke a rule of engagement. */
const rulesBroken = (facts: HintFacts) => facts.commands.filter((c) => c.ruleBreak).length;

/** The one line that recalls damage already told, beside a hint about the worker. */
export function ruleBrokenAside(facts: HintFacts, situation: string): string | undefined {
  if (situation === 'rule-broken' || rulesBroken(facts) === 0) return undefined;
  return 'Aside: a command of yours touched web or redis earlier; `async-outage-lab check` shows what it cost.';
}
