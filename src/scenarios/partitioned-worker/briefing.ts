import type { Baseline } from './baseline.js';

/** The briefing printed when the outage is ready. Names no cause: the learner finds it. */
export function briefing(baseline: Baseline): string[] {
  const depth = baseline.backlog.depthAtHandover.toLocaleString('en-US');
  return [
    'INCIDENT: exports stopped arriving, and every dashboard is green',
    '',
    'For about twenty minutes no customer has received an export. The on-call engineer looked',
    'and found nothing wrong: `docker ps` shows web, redis and worker all Up, nothing has',
    'restarted, redis answers PING, and the site takes orders as usual',
    `(http://127.0.0.1:${baseline.sitePort}/dashboard). The team wants to restart redis.`,
    '',
    'What you know so far:',
    '  - every container is Up; RestartCount is 0 everywhere.',
    '  - web answers 200 for pages and 202 for new exports.',
    `  - the "celery" queue keeps growing (${depth} jobs waiting as this briefing was written).`,
    '',
    'Find out why nothing is consumed, and make the exports flow again.',
    '',
    'Rules of engagement:',
    '  - Use the docker CLI only (docker ps, logs, inspect, exec, restart, ...).',
    '  - Do not restart or flush redis, and do not delete queued jobs: each is a customer waiting.',
    '  - web is healthy. Leave it running as it is.',
    '',
    'Next steps:',
    '  async-outage-lab shell     open a shell where your docker commands are recorded',
    '  async-outage-lab check     grade your fix, criterion by criterion (as often as you like)',
    '  async-outage-lab hint      a nudge when you are stuck (three levels)',
    '  async-outage-lab reset     put the outage back and start again',
  ];
}
