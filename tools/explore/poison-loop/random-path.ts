import type { Action } from '../actions.js';
import { actions as a } from '../actions.js';
import { poison as p } from './actions.js';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Keys a learner names for the export set aside: the card's, and others people pick. */
const KEYS = ['exports.dead-letter', 'exports:poison', 'dlq', 'quarantine'] as const;

/**
 * One random learner move, weighted as people under pressure make them: looking and restarting
 * often, setting the export aside or deleting it now and then, destroying rarely.
 */
function randomMove(random: Random): Action {
  const roll = random();
  if (roll < 0.1) return p.look();
  if (roll < 0.15) return p.readRedis();
  if (roll < 0.23) return p.restartWorker();
  if (roll < 0.27) return a.stopStartWorker();
  if (roll < 0.3) return a.killWorker();
  if (roll < 0.34) return p.stopWorker();
  if (roll < 0.39) return p.start();
  if (roll < 0.46) return a.restartPolicy(pick(random, ['no', 'on-failure', 'always', 'unless-stopped']));
  if (roll < 0.49) return p.stopLoopNow();
  if (roll < 0.56) {
    const remove = random() < 0.8;
    return p.moveFromUnacked(pick(random, KEYS), { remove, zrem: random() < 0.7 });
  }
  if (roll < 0.59) return p.moveToHash();
  if (roll < 0.61) return p.handRestoreThenLmove(pick(random, KEYS));
  if (roll < 0.64) return p.lmoveTail(pick(random, KEYS));
  if (roll < 0.67) return p.deletePoison();
  if (roll < 0.69) return a.dropOldestUnacked();
  if (roll < 0.71) return a.clearUnacked();
  if (roll < 0.73) return a.dropOldestJob();
  if (roll < 0.745) return a.deleteQueue();
  if (roll < 0.76) return a.flushAll();
  if (roll < 0.77) return a.flushDb();
  if (roll < 0.79) return a.restartWeb();
  if (roll < 0.81) return a.restartRedis();
  if (roll < 0.84) return p.memory(pick(random, ['512m', '1g']));
  return a.wait(500 + Math.floor(random() * 4500));
}

/**
 * The card's fix as a learner makes it whatever came before: stop the loop at once, set the
 * export aside from wherever it is, start the worker, give it its policy back.
 */
const learnerFix = () => [p.stopLoopNow(), p.setAside(), p.start(), p.restorePolicy(), p.waitUntilUp(4000, 60_000)];

/** 1 to 6 random moves; about half the paths then apply the card's fix, so solved outcomes are common too. */
export function randomPath(random: Random): Action[] {
  const moves = Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomMove(random));
  return random() < 0.5 ? [...moves, ...learnerFix()] : moves;
}
