import { DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import type { ScenarioTexts } from '../../scenario/contract.js';
import { DEFAULT_BACKLOG } from './figures.js';

/** How the commands' help speaks of this outage. */
export const poisonLoopTexts: ScenarioTexts = {
  program: 'A hands-on incident lab on your own Docker host: the worker keeps coming back and dying, and the export backlog keeps growing.',
  up: 'build and start the lab, then break it for real: the worker dies, restarts and dies again, over and over',
  backlogOption: 'export jobs to queue before the worker starts',
  upExample: `default: ${DEFAULT_BACKLOG.toLocaleString('en-US')} queued exports, web on 127.0.0.1:${DEFAULT_WEB_PORT}`,
  statementExample: '--component worker --cause oom-killed',
  statusSignals: `Signals: the worker's deaths per minute and its exit code, the task it was on before each death,
queue depth and change, jobs parked in unacked, exports finished and web 202s per minute.
Each reading costs one round trip to Docker, one to Redis and one to the web.`,
  shellExample: 'docker ps -a',
  reset: 'put the outage back exactly as it started, from any state: fresh containers, volumes, backlog and crash loop',
  resetExample: 'after a fix, a deleted job, a flushed Redis, anything',
  componentOption: 'your answer: which container keeps the exports from finishing',
  demos: `The demo starts its own redis and three workers (labelled io.async-outage-lab.demo), never touches
web, redis or worker, and removes all it started when it ends, on Ctrl-C too. About 1 to 3 minutes.`,
};
