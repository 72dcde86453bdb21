import { inspectContainer } from '../../docker/engine.js';
import { classifyCommand } from '../../kits/celery-redis/rules/docker-commands.js';
import type { HintBook, HintSituation } from '../../scenario/hints.js';
import type { SessionEntry } from '../../shim/session-log.js';
import type { Baseline } from './baseline.js';

/** What the hint rules read: the worker now, the learner's commands, the hints given. */
export interface HintFacts {
  worker: { exists: boolean; running: boolean; onLabNetwork: boolean; restartedSinceUp: boolean };
  commands: ReadonlyArray<{ argv: readonly string[]; ruleBreak?: string }>;
  asked: Readonly<Record<string, number>>;
}

export type Situation = 'look-first' | 'up-is-not-working' | 'restart-kept-it-cut' | 'draining' | 'rule-broken';

const looked = (commands: HintFacts['commands'], verb: string, target?: string) =>
  commands.some((command) => command.argv[0] === verb && (target === undefined || command.argv.includes(target)));

/** The situation the facts describe. Pure. */
export function partitionedWorkerSituation(facts: HintFacts): Situation {
  if (facts.commands.some((command) => command.ruleBreak)) return 'rule-broken';
  if (facts.worker.running && facts.worker.onLabNetwork) return 'draining';
  if (facts.worker.restartedSinceUp || !facts.worker.running) return 'restart-kept-it-cut';
  if (looked(facts.commands, 'ps') || looked(facts.commands, 'logs', 'worker')) return 'up-is-not-working';
  return 'look-first';
}

/** Three hints per situation: a nudge, where the evidence is, then the command. Levels 1 and 2 name no cause. */
const situations: Record<Situation, HintSituation> = {
  'look-first': {
    title: 'nothing inspected yet',
    levels: [
      'Exports are accepted and queued, but none finishes. Which container is meant to take them off the queue?',
      'Look at every container, and then at what the one that consumes says about itself.',
      'Run `docker ps -a`, then `docker logs --tail 20 worker`.',
    ],
  },
  'up-is-not-working': {
    title: 'every container is Up, and the queue still grows',
    levels: [
      'Up means the process runs, not that it works. The worker log may blame another container: check that claim before you act on it.',
      'Redis answers PING from its own container and the web reaches it: so redis is fine. What can the worker itself reach? `docker inspect` shows where each container is plugged in.',
      "Run `docker inspect worker --format '{{json .NetworkSettings.Networks}}'` and compare with `docker inspect redis --format '{{json .NetworkSettings.Networks}}'`.",
    ],
  },
  'restart-kept-it-cut': {
    title: 'the worker was restarted, and it still consumes nothing',
    levels: [
      'A restart gives the worker a new process, not new surroundings. What it lacked before, it lacks now.',
      "Compare the worker's networks with redis's (`docker inspect`): a restart keeps the container's network settings as they are.",
      'Run `docker network connect async-outage-lab_default worker`, then watch `docker logs -f worker`.',
    ],
  },
  draining: {
    title: 'the worker is back where it belongs; is the queue going down?',
    levels: [
      'The proof is the queue reaching zero with nothing thrown away.',
      "`async-outage-lab status --watch` shows live consumers and the queue's rate; the worker retries its broker up to 30 s apart, so give it a moment.",
      'Run `async-outage-lab check --wait`: it follows the queue down to 0.',
    ],
  },
  'rule-broken': {
    title: 'a command of yours touched the part that was healthy',
    levels: [
      'One of your commands hit something that was working. Which containers were healthy at the outset?',
      '`async-outage-lab history` marks the command. Redis kept every job and the web every order: restarting or flushing them fixes nothing here and costs work.',
      'Run `async-outage-lab check` to see what it cost, then `async-outage-lab reset` to start again and fix only the worker.',
    ],
  },
};

export const partitionedWorkerHints: HintBook<HintFacts> = { situations, situation: partitionedWorkerSituation };

/** The facts `hint` reads now: the worker as Docker shows it, with the baseline and the commands recorded. */
export async function readHintFacts(baseline: Baseline, entries: readonly SessionEntry[], asked: Record<string, number>): Promise<HintFacts> {
  const worker = await inspectContainer('worker').catch(() => undefined);
  return {
    worker: {
      exists: Boolean(worker),
      running: Boolean(worker?.State.Running),
      onLabNetwork: Boolean(worker?.NetworkSettings.Networks?.[baseline.worker.network.name]),
      restartedSinceUp: Boolean(worker && (worker.Id !== baseline.worker.id || worker.State.StartedAt !== baseline.worker.startedAt)),
    },
    commands: entries.map((entry) => {
      const broke = classifyCommand(entry.argv, entry.program);
      return { argv: entry.argv, ...(broke ? { ruleBreak: broke } : {}) };
    }),
    asked,
  };
}
