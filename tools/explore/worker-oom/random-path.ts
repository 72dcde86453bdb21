import { type Action, actions as a, cardFix } from '../actions.js';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const MEMORY = ['128m', '200m', '256m', '300m', '384m', '512m', '1g'] as const;

/** One random learner move, weighted as people under pressure make them: looking and restarting often, destroying rarely. */
function randomMove(random: Random): Action {
  const roll = random();
  if (roll < 0.14) return a.look();
  if (roll < 0.3) return a.start();
  if (roll < 0.46) {
    const memory = pick(random, MEMORY);
    const swap = pick(random, [memory, undefined, '-1'] as const);
    return a.update(memory, swap);
  }
  if (roll < 0.52) return a.restartPolicy(pick(random, ['no', 'on-failure', 'always', 'unless-stopped']));
  if (roll < 0.6) return a.restartWorker();
  if (roll < 0.65) return a.stopStartWorker();
  if (roll < 0.69) return a.killWorker();
  if (roll < 0.72) return a.restartWeb();
  if (roll < 0.75) return a.restartRedis();
  if (roll < 0.77) return a.flushAll();
  if (roll < 0.79) return a.flushDb();
  if (roll < 0.81) return a.deleteQueue();
  if (roll < 0.84) return a.dropOldestJob();
  if (roll < 0.87) return a.dropOldestUnacked();
  if (roll < 0.88) return a.clearUnacked();
  return a.wait(500 + Math.floor(random() * 4500));
}

/** 1 to 6 random moves; about half the paths then apply the card's fix, so solved outcomes are common too. */
export function randomPath(random: Random): Action[] {
  const moves = Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomMove(random));
  return random() < 0.5 ? [...moves, ...cardFix()] : moves;
}
