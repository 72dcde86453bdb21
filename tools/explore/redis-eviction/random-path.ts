import { type Action, actions as a, action } from '../actions.js';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const redisCli = (...args: string[]) => ['exec', 'redis', 'redis-cli', ...args];

/** What a learner types at this outage, beside the moves every outage shares. */
const moves = {
  look: () =>
    action(
      'look around',
      ['ps', '-a'],
      redisCli('LLEN', 'celery'),
      redisCli('INFO', 'stats'),
      redisCli('INFO', 'memory'),
      redisCli('CONFIG', 'GET', 'maxmemory*'),
    ),
  policy: (policy: string) => action(`CONFIG SET maxmemory-policy ${policy}`, redisCli('CONFIG', 'SET', 'maxmemory-policy', policy)),
  maxmemory: (bytes: string) => action(`CONFIG SET maxmemory ${bytes}`, redisCli('CONFIG', 'SET', 'maxmemory', bytes)),
  /** Refused here (redis runs without a config file), as a learner finds out. */
  rewrite: () => action('CONFIG REWRITE', redisCli('CONFIG', 'REWRITE')),
  redrive: () => action('redrive-exports', ['exec', 'web', 'redrive-exports']),
  redriveDryRun: () => action('redrive-exports --dry-run', ['exec', 'web', 'redrive-exports', '--dry-run']),
  deleteUnacked: () => action('redis-cli DEL unacked unacked_index', redisCli('DEL', 'unacked', 'unacked_index')),
};

/**
 * Limits a learner might type. None sits on the edge of enough: at the end ~700 results of ~18 KB
 * each (14 MB) are in Redis, so up to 8mb is clearly short and from 32mb clearly enough.
 */
const MAXMEMORY = ['2mb', '4mb', '8mb', '32mb', '64mb', '256mb', '1gb', '0'] as const;
/** Policies a learner might try; only noeviction keeps every key it is given. */
const POLICIES = ['noeviction', 'noeviction', 'volatile-lru', 'allkeys-lfu', 'volatile-ttl'] as const;

/** The card's fix: Redis keeps what it is given, with room, then the lost exports queued again. */
export const cardFix = (random: Random) => [moves.policy('noeviction'), moves.maxmemory(pick(random, ['64mb', '128mb', '0'])), moves.redrive()];

/** One random learner move, weighted as people under pressure make them: looking and changing settings often, destroying rarely. */
function randomMove(random: Random): Action {
  const roll = random();
  if (roll < 0.14) return moves.look();
  if (roll < 0.22) return moves.redriveDryRun();
  if (roll < 0.36) return moves.policy(pick(random, POLICIES));
  if (roll < 0.5) return moves.maxmemory(pick(random, MAXMEMORY));
  if (roll < 0.54) return moves.rewrite();
  if (roll < 0.64) return moves.redrive();
  if (roll < 0.67) return a.start();
  if (roll < 0.71) return a.restartRedis();
  if (roll < 0.74) return a.restartWeb();
  if (roll < 0.77) return a.restartWorker();
  if (roll < 0.79) return a.stopStartWorker();
  if (roll < 0.81) return a.flushAll();
  if (roll < 0.83) return a.deleteQueue();
  if (roll < 0.85) return moves.deleteUnacked();
  return a.wait(500 + Math.floor(random() * 4500));
}

/** 1 to 6 random moves; about half the paths then apply the card's fix, so solved outcomes are common too. */
export function randomPath(random: Random): Action[] {
  const path = Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomMove(random));
  return random() < 0.5 ? [...path, ...cardFix(random)] : path;
}
