import { type Action, actions as a } from '../actions.js';
import {
  cardFix,
  connect,
  disconnect,
  LAB_NETWORK,
  lookAtNetworks,
  pauseWorker,
  pingFromWorker,
  recreateWorker,
  resolveFromWorker,
  unpauseWorker,
} from './actions.js';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * One random learner move, weighted as people under pressure make them: looking, reconnecting and
 * restarting often, damaging rarely. The error names redis, so redis gets its share of blame.
 */
function randomMove(random: Random): Action {
  const roll = random();
  if (roll < 0.1) return lookAtNetworks();
  if (roll < 0.16) return pick(random, [resolveFromWorker, pingFromWorker])();
  if (roll < 0.26) return connect(LAB_NETWORK, pick(random, [undefined, 'worker', 'redis'] as const));
  if (roll < 0.3) return connect('bridge');
  if (roll < 0.34) return disconnect();
  if (roll < 0.44) return a.restartWorker();
  if (roll < 0.49) return a.stopStartWorker();
  if (roll < 0.52) return a.killWorker();
  if (roll < 0.55) return a.start();
  if (roll < 0.6) return recreateWorker(random() < 0.5);
  if (roll < 0.62) return pauseWorker();
  if (roll < 0.64) return unpauseWorker();
  if (roll < 0.7) return a.restartRedis();
  if (roll < 0.73) return a.restartWeb();
  if (roll < 0.75) return disconnect('redis');
  if (roll < 0.77) return a.flushAll();
  if (roll < 0.79) return a.deleteQueue();
  if (roll < 0.81) return a.dropOldestJob();
  return a.wait(500 + Math.floor(random() * 4500));
}

/** 1 to 5 random moves; about half the paths then apply the card's fix, so solved outcomes are common too. */
export function randomPath(random: Random): Action[] {
  const moves = Array.from({ length: 1 + Math.floor(random() * 5) }, () => randomMove(random));
  return random() < 0.5 ? [...moves, ...cardFix()] : moves;
}
