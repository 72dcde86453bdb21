import { DEFAULT_WEB_PORT } from '../../kits/celery-redis/figures.js';
import type { ScenarioTexts } from '../../scenario/contract.js';
import { DEFAULT_BACKLOG } from './figures.js';

/** How the commands' help speaks of this outage. */
export const workerOomTexts: ScenarioTexts = {
  program: 'A hands-on incident lab on your own Docker host: a real outage on a real stack, found with the docker CLI and graded from evidence.',
  up: 'build and start the lab, then break it for real (the outages: `scenarios`)',
  backlogOption: 'export jobs to queue before the worker starts',
  upExample: `default: ${DEFAULT_BACKLOG.toLocaleString('en-US')} queued exports, web on 127.0.0.1:${DEFAULT_WEB_PORT}`,
  statementExample: '--component worker --cause crashed-with-error',
  statusSignals: `Signals: queue depth and change, live consumers (Celery worker heartbeats), the oldest waiting job's
age, jobs parked in unacked, exports finished and web 202s per minute, and a drain ETA.
Each reading costs one round trip to Docker, one to Redis and one to the web.`,
  shellExample: 'docker logs --tail 20 worker',
  reset: 'put the outage back exactly as it started, from any state: fresh containers, volumes and backlog, broken the same way',
  resetExample: 'after a fix, a flushed Redis, a removed worker, anything',
  componentOption: 'your answer: which container stopped the exports',
  demos: `Each demo starts its own redis and workers (labelled io.async-outage-lab.demo), never touches
web, redis or worker, and removes all it started when it ends, on Ctrl-C too. Under 2 minutes each.`,
};
