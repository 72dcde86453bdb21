import type { Baseline } from './baseline.js';

/** The briefing printed when the outage is ready. The project's own words. */
export function briefing(baseline: Baseline): string[] {
  // A measurement, not the scenario's figure: the queue as it stood when the outage was handed
  // over (the exports queued at `up`, less the few the worker finished, plus the customers' own).
  const depth = baseline.backlog.depthAtHandover.toLocaleString('en-US');
  return [
    'INCIDENT: customer CSV exports are not arriving',
    '',
    'Support is escalating. Customers press "Export", get the usual "we are preparing your file"',
    'answer, and then nothing ever shows up. The site looks perfectly healthy: pages load, the',
    `dashboard works (http://127.0.0.1:${baseline.sitePort}/dashboard), and every export request is accepted.`,
    '',
    'What you know so far:',
    '  - web answers 200 for pages and 202 for new exports; its log looks normal.',
    '  - redis, the Celery broker, is up.',
    `  - export jobs are piling up in the "celery" queue (${depth} waiting as this briefing was written, and customers keep adding more).`,
    '',
    'Find out what stopped consuming the queue, and why. Then make the exports flow again.',
    '',
    'Rules of engagement:',
    '  - Use the docker CLI only (docker ps, logs, inspect, exec, start, update, ...).',
    '  - Do not flush Redis or delete queued jobs: every queued export is a customer waiting.',
    '  - web is healthy. Leave it (and redis) running as they are.',
    '',
    'Next steps:',
    '  async-outage-lab shell     open a shell where your docker commands are recorded',
    '  async-outage-lab check     grade your fix, criterion by criterion (as often as you like)',
    '  async-outage-lab reset     put the outage back and start again',
    '',
    'Once you have named the cause, `async-outage-lab demo --help` lists three experiments that run',
    'beside the lab on their own containers, and `debrief` writes up the incident.',
  ];
}
