import { brokenStateMismatches, observeBrokenState, queueLength } from '../learner.js';
import type { PlaythroughScript } from '../script.js';

/** worker-oom: the worker dies under its memory cap while the exports pile up. */
export const workerOom: PlaythroughScript = {
  statement: ['worker', 'oom-killed'],
  brokenState: async (sitePort) => {
    const seen = await observeBrokenState(sitePort);
    const problems = brokenStateMismatches(seen);
    if (problems.length) throw new Error(problems.join('\n'));
    return `web ${seen.statuses.web}; worker ${seen.statuses.worker}; OOMKilled/ExitCode ${seen.oomAndExit}; LLEN ${seen.depth} -> ${seen.depthLater}`;
  },
  failingBeforeFix: ['worker-headroom', 'backlog-draining'],
  wrongFix: {
    name: 'restart web, start worker as it is',
    command: 'docker restart web && docker start worker',
    failing: ['web-redis-untouched', 'worker-headroom'],
    ruleBreak: /restart web/,
  },
  fix: { command: 'docker update --memory 512m --memory-swap 512m worker && docker start worker', recorded: 2 },
  afterFix: async () => {
    const depth = await queueLength();
    if (depth > 3) throw new Error(`LLEN celery is ${depth} after the drain`);
    return `LLEN celery now ${depth}`;
  },
};
