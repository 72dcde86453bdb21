import type { HintBook } from '../../scenario/hints.js';
import type { SessionEntry } from '../../shim/session-log.js';
import type { Baseline } from './baseline.js';
import { accountExports } from './criteria/account.js';
import { lossStoppedHalves } from './criteria/headroom.js';
import { takeSnapshot } from './observe/observe.js';
import { classifyRedisEvictionCommand } from './rule-breaks.js';

/** What this outage's hint rules read: the lab's state, judged as `check` judges it, and the commands recorded. */
export interface EvictionHintFacts {
  commands: ReadonlyArray<{ argv: readonly string[]; ruleBreak?: string }>;
  /** How many hints were already given in each situation. */
  asked: Readonly<Record<string, number>>;
  eviction: {
    policyFixed: boolean;
    headroom: boolean;
    missing: number;
    workerRunning: boolean;
    /** The learner has looked inside Redis (any redis-cli command). */
    lookedInRedis: boolean;
  };
}

export type Situation = 'look-first' | 'still-evicting' | 'no-room' | 'not-recovered' | 'worker-stopped' | 'draining' | 'rule-broken';

/** The learner's situation, from the facts. Pure. */
export function evictionSituation(facts: EvictionHintFacts): Situation {
  const { eviction } = facts;
  // A broken rule is the situation until its three hints were given; then the learner moves on.
  if (facts.commands.some((command) => command.ruleBreak) && (facts.asked['rule-broken'] ?? 0) < 3) return 'rule-broken';
  if (!eviction.workerRunning) return 'worker-stopped';
  if (!eviction.policyFixed) return eviction.lookedInRedis ? 'still-evicting' : 'look-first';
  if (!eviction.headroom) return 'no-room';
  if (eviction.missing > 0) return 'not-recovered';
  return 'draining';
}

const situations: Record<Situation, HintBook<EvictionHintFacts>['situations'][string]> = {
  'look-first': {
    title: 'every container is up, and exports still vanish',
    levels: [
      'Nothing crashed and the worker is idle, so the worker is not losing them: it never gets them. Follow an export from its 202 to the place it waits.',
      'The web keeps a ledger of what it accepted (its dashboard). Put it beside what is queued, in `unacked` and finished: a short queue can mean a fast worker, or a queue that is being emptied by something else.',
      'Run `docker exec redis redis-cli INFO stats` and `docker exec redis redis-cli INFO memory`, and read what Redis says it did.',
    ],
  },
  'still-evicting': {
    title: 'Redis is still deciding on its own what to keep',
    levels: [
      'A store that keeps everything and a store that makes room are configured differently. Which one is this, and which one does a queue need?',
      "Some of Redis's settings decide what happens when it is full; they are visible without a restart, and can be changed the same way.",
      'Run `docker exec redis redis-cli CONFIG GET maxmemory*`, then `docker exec redis redis-cli CONFIG SET maxmemory-policy noeviction`.',
    ],
  },
  'no-room': {
    title: 'Redis keeps what it is given now, but it is full',
    levels: [
      'Refusing new work is louder than losing it, but it is still not serving customers. Look at what the web and the worker say now.',
      'Everything still to run, and the results it writes, must fit: compare used memory with the limit.',
      'Run `docker exec redis redis-cli CONFIG SET maxmemory 64mb` (or 0 for no limit), then `docker start worker` if it stopped.',
    ],
  },
  'not-recovered': {
    title: 'the loss is stopped; the exports already lost are still missing',
    levels: [
      'Stopping the leak does not bring back what leaked. Somewhere there is a record of every export that was accepted.',
      'The web keeps that record, and its operators have a tool for exactly this: see what the web container offers besides its server.',
      'Run `docker exec web redrive-exports --help`, then `docker exec web redrive-exports`.',
    ],
  },
  'worker-stopped': {
    title: 'the worker is not running',
    levels: [
      'Something stopped the worker since the outage began. How did its run end?',
      '`docker logs worker` ends with the reason; a write Redis refused looks different from a stop.',
      'Run `docker logs --tail 30 worker`, fix what it names, then `docker start worker`.',
    ],
  },
  draining: {
    title: 'the loss is stopped and nothing is missing: does it hold?',
    levels: [
      'A fix is proven by the next busy spell, not by a quiet minute.',
      '`async-outage-lab status --watch` shows what Redis evicts and what waits; both must stay flat while the queue empties.',
      'Run `async-outage-lab check --wait`: it sends a burst of exports and follows the drain to its end.',
    ],
  },
  'rule-broken': {
    title: 'a command of yours touched what had to stay as it was',
    levels: [
      'One of your commands restarted, flushed or deleted something. What did redis hold at that moment?',
      '`async-outage-lab history` marks the command; `async-outage-lab check` shows what it cost.',
      "Run `async-outage-lab reset` to get the outage back, and change only Redis's settings this time.",
    ],
  },
};

const usesRedisCli = (argv: readonly string[]) => argv.some((word) => /redis-cli/.test(word));

/** The facts `hint` reads now: one snapshot judged as `check` would, the commands recorded. */
export async function readEvictionHintFacts(baseline: Baseline, entries: readonly SessionEntry[], asked: Record<string, number>): Promise<EvictionHintFacts> {
  const snapshot = await takeSnapshot(baseline);
  const account = accountExports(snapshot, baseline);
  const halves = snapshot.memory ? lossStoppedHalves(snapshot.memory, account) : { policy: false, headroom: false };
  const worker = snapshot.containers.worker;
  return {
    commands: entries.map((entry) => {
      const broke = classifyRedisEvictionCommand(entry.argv, entry.program);
      return { argv: entry.argv, ...(broke ? { ruleBreak: broke } : {}) };
    }),
    asked,
    eviction: {
      policyFixed: halves.policy,
      headroom: halves.headroom,
      missing: account.gone.length,
      workerRunning: Boolean(worker.running),
      lookedInRedis: entries.some((entry) => usesRedisCli(entry.argv)),
    },
  };
}

export const redisEvictionHints = { situations, situation: evictionSituation, facts: readEvictionHintFacts };
