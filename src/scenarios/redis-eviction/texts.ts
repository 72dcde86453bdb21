import { DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import type { ScenarioTexts } from '../../scenario/contract.js';
import { BUSY_HOUR_EXPORTS } from './figures.js';

/** How the commands' help speaks of this outage (never of its cause). */
export const redisEvictionTexts: ScenarioTexts = {
  program: "A hands-on incident lab on your own Docker host: every container is up and the queue looks fine, yet customers' exports vanish.",
  up: 'build and start the lab, then break it for real: a busy hour of exports, and some of them vanish without an error',
  backlogOption: 'exports the busy hour sends at once',
  upExample: `default: a busy hour of ${BUSY_HOUR_EXPORTS.toLocaleString('en-US')} exports, web on 127.0.0.1:${DEFAULT_WEB_PORT}`,
  statementExample: '--component worker --cause too-slow',
  statusSignals: `Signals: queue depth, exports accepted but not finished (from the web's ledger) and the oldest of
them, what Redis has evicted and how fast, its memory against its limit, and web 202s per minute.
Each reading costs one round trip to Docker, two to Redis and one to the web.`,
  shellExample: 'docker exec redis redis-cli LLEN celery',
  reset: 'put the outage back exactly as it started, from any state: fresh containers, volumes and busy hour',
  resetExample: 'after a fix, a restarted redis, a flushed Redis, anything',
  componentOption: 'your answer: where the missing exports go',
  demos: `The demo starts a redis of its own (labelled io.async-outage-lab.demo), never touches web, redis or
worker, and removes all it started when it ends, on Ctrl-C too. About a minute.`,
  checkWaitSends: 'a burst of new exports through the web (as a customer would), to see the fix hold under load',
};
