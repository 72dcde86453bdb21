import { inspectContainer } from '../../docker/engine.js';
import { readBrokerFacts } from '../../kits/celery-redis/broker/redis.js';
import { dockerVerb } from '../../kits/celery-redis/hints/docker-verb.js';
import { type StackHintFacts, stackHintFacts } from '../../kits/celery-redis/hints/facts.js';
import { redisPasswordOf, withLabRedis } from '../../kits/celery-redis/observe/lab-redis.js';
import { containerViewFromInspect } from '../../observe/from-inspect.js';
import type { HintBook } from '../../scenario/hints.js';
import type { SessionEntry } from '../../shim/session-log.js';
import type { PoisonBaseline } from './baseline.js';
import { readQuarantine } from './quarantine.js';
import { classifyPoisonLoopCommand } from './rule-breaks.js';

/** Where the export that kills the worker is now: where the worker meets it, set aside, gone, or unknown (Redis unreadable). */
export type PoisonPlace = 'in-the-way' | 'aside' | 'gone' | 'unknown';
export interface PoisonHintFacts extends StackHintFacts {
  poison: PoisonPlace;
}

export type Situation = 'rule-broken' | 'look-first' | 'how-it-ends' | 'which-export' | 'set-it-aside' | 'deleted' | 'start-it' | 'draining';

const situations: Record<Situation, HintBook['situations'][string]> = {
  'rule-broken': {
    title: 'a command of yours touched the part that was healthy',
    levels: [
      'One of your commands hit something that was working before you started. Which containers were healthy at the outset?',
      '`async-outage-lab history` marks the command. web serves customers and keeps the ledger; redis holds every export waiting.',
      'Run `async-outage-lab check` to see what it cost, then `async-outage-lab reset` to get the outage back.',
    ],
  },
  'look-first': {
    title: 'nothing inspected yet',
    levels: [
      'Pages load and exports are accepted. Follow an export past that point: what should pick it up, and is it doing so?',
      'Look at every container the lab runs, more than once: one of them does not stay the same for long.',
      'Run `docker ps -a` twice, a few seconds apart, and compare the STATUS column.',
    ],
  },
  'how-it-ends': {
    title: 'the worker comes and goes; how does each run end?',
    levels: [
      'Something brings the worker back each time it stops. Before changing that, find out what stops it.',
      'Docker records how the last run ended (its exit code, whether the kernel killed it for memory) and how many times it has been restarted. A code above 128 is 128 plus a signal number.',
      "Run `docker inspect worker --format '{{.RestartCount}} {{.State.ExitCode}} {{.State.OOMKilled}}'` and `docker logs --tail 5 worker`.",
    ],
  },
  'which-export': {
    title: 'the worker crashes; on what?',
    levels: [
      'Read the end of several runs, not one. Is the worker on a different job each time it dies?',
      'A job a worker has taken and not acknowledged waits in Redis until it is handed out again. Find where kombu keeps those, and which export is there.',
      'Run `docker logs worker 2>&1 | grep received | tail -5` and `docker exec redis redis-cli HGETALL unacked`.',
    ],
  },
  'set-it-aside': {
    title: 'the worker keeps taking the same export back',
    levels: [
      "Each restart hands the worker that export again. Get it out of the worker's way without losing it: it is a customer's request, and the evidence of a bug.",
      'It waits in `unacked` under its delivery tag (the `unacked_index` sorted set keeps the same tag). A copy in a key of its own, then removing it from both, keeps it safe and out of reach. Stopping the restarts first (`docker update --restart`) gives you a still picture.',
      'Run `tag=$(docker exec redis redis-cli HKEYS unacked)`, then `docker exec redis sh -c "redis-cli HGET unacked $tag | redis-cli -x RPUSH exports.dead-letter"`, then `docker exec redis redis-cli HDEL unacked $tag` and `docker exec redis redis-cli ZREM unacked_index $tag`.',
    ],
  },
  deleted: {
    title: 'the export the worker crashed on is nowhere',
    levels: [
      "The worker may be fine now, but a customer's export has vanished with the evidence of the bug.",
      'It is in neither the queue, `unacked`, nor any other key, and no CSV was made: a delete, not a move. `docker exec redis redis-cli INFO commandstats` counts the deletes.',
      'Run `async-outage-lab reset` and set it aside instead of deleting it.',
    ],
  },
  'start-it': {
    title: 'the export is set aside; the worker is not running yet',
    levels: [
      'Nothing in the queue will kill the worker now. Is anything taking exports off it?',
      "`docker ps -a` shows the worker's state. A restarting worker may sit out Docker's back-off of up to a minute; a stopped one waits for you.",
      'Run `docker start worker` (and `docker update --restart unless-stopped worker` if you removed its policy), then `async-outage-lab status --watch`.',
    ],
  },
  draining: {
    title: 'the worker runs; does it stay up while the backlog goes down?',
    levels: [
      'A worker up for a few seconds proves little here: it was up for a few seconds each time before.',
      '`async-outage-lab status --watch` shows deaths per minute and the queue rate; both must hold while the backlog falls.',
      'Run `async-outage-lab check --wait`: it follows the queue to 0 and passes only if the worker stays up on the way.',
    ],
  },
};

const workerNamed = (args: readonly string[]) => args.some((arg) => arg === 'worker');
const redisLooked = (argv: readonly string[]) => argv.includes('redis') && argv.some((arg) => /redis-cli/.test(arg));

/** This outage's situation for the facts: a damaged lab first, then from the fix backwards. Pure. */
export function poisonLoopSituation(facts: PoisonHintFacts): Situation {
  const { poison } = facts;
  if (facts.commands.some((c) => c.ruleBreak) && (facts.asked['rule-broken'] ?? 0) < 3) return 'rule-broken';
  if (poison === 'gone') return 'deleted';
  if (poison === 'aside') return facts.worker.running ? 'draining' : 'start-it';
  const verbs = facts.commands.map((c) => ({ v: dockerVerb(c.argv, c.program), argv: c.argv }));
  if (verbs.some(({ argv }) => redisLooked(argv))) return 'set-it-aside';
  if (verbs.some(({ v }) => v && (v.verb === 'logs' || v.verb === 'events' || (v.verb === 'inspect' && workerNamed(v.args))))) return 'which-export';
  if (verbs.some(({ v }) => v && (v.verb === 'ps' || v.verb === 'stats' || v.verb === 'inspect'))) return 'how-it-ends';
  return 'look-first';
}

/** Where the poison export is now, read from Redis (the queue and `unacked`, then every other key). */
async function poisonPlace(baseline: PoisonBaseline): Promise<PoisonPlace> {
  try {
    return await withLabRedis(redisPasswordOf(baseline), async (redis) => {
      const facts = await readBrokerFacts(redis);
      if (facts.queued[baseline.poison.id] !== undefined) return 'in-the-way';
      const aside = await readQuarantine(redis);
      return aside.copies.some((copy) => copy.exportId === baseline.poison.id && copy.body === baseline.poison.body) ? 'aside' : 'gone';
    });
  } catch {
    return 'unknown';
  }
}

export async function readPoisonHintFacts(baseline: PoisonBaseline, entries: readonly SessionEntry[], asked: Record<string, number>): Promise<PoisonHintFacts> {
  const worker = containerViewFromInspect('worker', await inspectContainer('worker'));
  return { ...stackHintFacts(worker, entries, classifyPoisonLoopCommand, asked), poison: await poisonPlace(baseline) };
}

export const poisonLoopHints: HintBook<PoisonHintFacts> = { situations, situation: poisonLoopSituation };
