import type { Baseline } from './baseline.js';

/** The briefing printed when the outage is handed over. The project's own words; no cause named. */
export function briefing(baseline: Baseline): string[] {
  const accepted = baseline.busyHour.acceptedIds.length.toLocaleString('en-US');
  return [
    "INCIDENT: some customers' CSV exports never arrive",
    '',
    'Support has a growing list of customers whose exports never showed up: not everyone, and more',
    `after busy spells. The last one was a moment ago: ${accepted} exports requested at once. Every request`,
    `was accepted as usual (202), the dashboard (http://127.0.0.1:${baseline.sitePort}/dashboard) loads, and nothing`,
    'has crashed or restarted.',
    '',
    'What you know so far:',
    '  - web, redis and worker are all Up; no container has restarted.',
    '  - the worker is idle most of the time, and the "celery" queue is short, often empty.',
    '  - nobody has found an error in any log.',
    '',
    'Find out where the missing exports go, stop it, and get every accepted export delivered.',
    '',
    'Rules of engagement:',
    '  - Use the docker CLI only (docker ps, logs, inspect, exec ...), `docker exec` into the containers included.',
    '  - Do not restart or flush redis, and do not delete queued jobs.',
    '  - web and worker are healthy: leave them running as they are.',
    '',
    'Next steps:',
    '  async-outage-lab shell     open a shell where your docker commands are recorded',
    '  async-outage-lab status    the signals an on-call engineer would watch',
    '  async-outage-lab check     grade your fix, criterion by criterion (as often as you like)',
    '  async-outage-lab reset     put the outage back and start again',
  ];
}
