import type { HintBook } from '../../scenario/hints.js';
import type { HintFacts } from './hint-rules.js';
import { ruleBrokenAside, type Situation, workerOomSituation } from './hint-rules.js';

/**
 * Three hints per situation of this outage: a nudge, then where the evidence is, then the
 * command. Levels 1 and 2 never name the cause or the fix.
 */
const situations: Record<Situation, HintBook['situations'][string]> = {
  'look-first': {
    title: 'nothing inspected yet',
    levels: [
      'The pages load and new exports are accepted, so the front of the system is fine. Follow an export past the point where it is accepted: what is supposed to pick it up?',
      'Compare every container the lab runs, stopped ones included: which one is not doing its job, and since when?',
      'Run `docker ps -a` and read the STATUS column of each container.',
    ],
  },
  'find-why': {
    title: 'the worker is down, and why is still open',
    levels: [
      'Starting a container that stopped is tempting, but whatever stopped it is still there. Find out how it ended first.',
      "An exit code above 128 means a signal ended the process (137 - 128 = 9). Docker keeps the container's last state, including who sent it, and the last log lines show the job it had just taken.",
      "Run `docker inspect worker --format '{{json .State}}'` and `docker logs --tail 20 worker`.",
    ],
  },
  'why-seen': {
    title: 'the worker is down, and you have looked at how it ended',
    levels: [
      'Before you bring it back: what was it doing when it ended, and is anything like that still waiting? A worker brought back as it was meets the same queue.',
      "`docker inspect worker` holds its last State (ExitCode, and what Docker recorded about the end) and, under HostConfig, what Docker allows it; its log's last lines name the export it had just taken.",
      'Give it room and start it: `docker update --memory 512m --memory-swap 512m worker && docker start worker`.',
    ],
  },
  'oom-start-only': {
    title: 'the worker died, and starting it alone will not hold',
    levels: [
      'A worker brought back unchanged goes straight back to the same queue. What was it holding when it died, and is anything of that size still waiting?',
      'Compare the limit Docker enforces on the worker (HostConfig in `docker inspect worker`) with the export its log shows it took last; `docker stats worker` shows its memory while it runs.',
      'Give it room and start it: `docker update --memory 512m --memory-swap 512m worker && docker start worker`.',
    ],
  },
  'raised-not-started': {
    title: 'the worker has its new settings but is not running',
    levels: [
      'Your change is in place, yet nothing is consuming the queue. A setting on a stopped container waits for its next start.',
      '`docker ps -a` still shows the worker exited; `async-outage-lab status` shows no live consumers.',
      'Run `docker start worker`, then `async-outage-lab status --watch` to see the queue move.',
    ],
  },
  draining: {
    title: 'the worker is running with room; is the backlog going down?',
    levels: [
      'A worker that is up for a minute is not yet a fix. The proof is the backlog going to zero with the worker still alive.',
      "`async-outage-lab status --watch` shows the queue rate, the live consumers and a drain ETA; the worker's restart count and uptime must not reset on the way.",
      'Run `async-outage-lab check --wait`: it follows the queue down to 0 and passes only if the worker lasts through every export on the way.',
    ],
  },
  'rule-broken': {
    title: 'a command of yours touched the part that was healthy',
    levels: [
      'One of your commands hit something that was working before you started. Which containers were healthy at the outset?',
      '`async-outage-lab history` marks the command. The web serves customers and holds the ledger of accepted exports; redis holds every queued job: restarting, flushing or removing them costs customers or work.',
      'Run `async-outage-lab check` to see what it cost (lost jobs, a restarted web). Then carry on with the worker, or `async-outage-lab reset` for a clean outage.',
    ],
  },
};

export const workerOomHints: HintBook<HintFacts> = { situations, situation: workerOomSituation, aside: ruleBrokenAside };
