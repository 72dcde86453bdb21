import { DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import type { ScenarioTexts } from '../../scenario/contract.js';
import { DEFAULT_BACKLOG } from './figures.js';

/** How the commands' help speaks of this outage (nothing here names the cause). */
export const partitionedWorkerTexts: ScenarioTexts = {
  program: 'A hands-on incident lab on your own Docker host: every container is Up, and yet nothing consumes the export queue.',
  up: 'build and start the lab, then break it for real: every container stays Up while the exports stop',
  backlogOption: 'export jobs to queue before the worker starts',
  upExample: `default: ${DEFAULT_BACKLOG.toLocaleString('en-US')} queued exports, web on 127.0.0.1:${DEFAULT_WEB_PORT}`,
  statementExample: '--component redis --cause down',
  statusSignals: `Signals: containers Up against live consumers (Celery worker heartbeats), queue depth and change,
the oldest waiting job's age, jobs parked in unacked, and exports finished per minute.
Each reading costs one round trip to Docker, one to Redis and one to the web.`,
  shellExample: 'docker logs --tail 20 worker',
  reset: 'put the outage back exactly as it started, from any state: fresh containers, volumes and backlog',
  resetExample: 'after a fix, a restarted redis, a removed worker, anything',
  componentOption: 'your answer: which container stopped the exports',
  demos: `The demo starts its own redis and two workers (labelled io.async-outage-lab.demo), never touches
web, redis or worker, and removes all it started when it ends, on Ctrl-C too. About 1 to 2 minutes.`,
};
