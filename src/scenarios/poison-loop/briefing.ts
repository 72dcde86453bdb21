import type { PoisonBaseline } from './baseline.js';

/** The briefing printed when the outage is ready. The project's own words. */
export function briefing(baseline: PoisonBaseline): string[] {
  const depth = baseline.backlog.depthAtHandover.toLocaleString('en-US');
  return [
    'INCIDENT: exports are late again',
    '',
    "After last month's outage the team hardened the export worker: Docker now restarts it whenever",
    'it stops, and a job a dead worker held comes back within a second instead of an hour.',
    'Today the exports are late anyway. Pages load, the dashboard works',
    `(http://127.0.0.1:${baseline.sitePort}/dashboard), and every export request is accepted.`,
    '',
    'What you know so far:',
    '  - web and redis are up; web answers 200 for pages and 202 for new exports.',
    '  - the worker is "Up" one moment and not the next.',
    `  - export jobs are piling up in the "celery" queue (${depth} waiting as this briefing was written).`,
    '',
    'Find out what keeps the worker from working, and why. Then make the exports flow again.',
    '',
    'Rules of engagement:',
    '  - Use the docker CLI only (docker ps, logs, inspect, exec, update, start, ...).',
    "  - Do not flush Redis, and delete no export: each one is a customer's request.",
    '  - web is healthy. Leave it (and redis) running as they are.',
    '',
    'Next steps:',
    '  async-outage-lab shell     open a shell where your docker commands are recorded',
    '  async-outage-lab check     grade your fix, criterion by criterion (as often as you like)',
    '  async-outage-lab hint      a nudge, if you are stuck',
    '  async-outage-lab reset     put the outage back and start again',
  ];
}
