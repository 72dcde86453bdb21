import { plural } from '../../../kits/celery-redis/criteria/facts.js';
import { STACK_COMPONENTS } from '../../../kits/celery-redis/wording.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import { defineRootCause } from '../../../scenario/root-cause.js';
import type { PoisonBaseline } from '../baseline.js';
import type { PoisonSnapshot } from '../snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** Where each wrong cause of the worker would show, if it were true. */
const causeNudges = {
  'oom-killed':
    "A memory kill is SIGKILL: exit 137, and `docker inspect` records OOMKilled. Compare with what `docker inspect worker --format '{{.State.ExitCode}} {{.State.OOMKilled}}'` says, and with the exports it was running.",
  'broken-release':
    'Code broken for every export would fail every export. Read a whole run of `docker logs worker`: did any export succeed, and which one is it on each time it goes quiet?',
  'lost-network': 'A worker cut off from redis says so in its log, and keeps retrying. Does its log show it connected and ready before it goes quiet?',
  'restart-policy': 'A restart policy only acts after the process has ended. What ended it, each time? The exit code and the last line of each run say.',
};

/** The answers offered: each wrong cause is something a responder could believe from one clue. */
export const rootCause = defineRootCause({
  prompts: { component: 'Which container keeps the exports from finishing?', cause: 'What is happening to it?' },
  components: STACK_COMPONENTS,
  causes: {
    'oom-killed': 'the kernel keeps killing it for going over its memory limit',
    'broken-release': 'the last release broke it: it fails on every export it runs',
    'poison-message': 'one export crashes it, and it is handed that export again',
    'lost-network': 'it keeps losing its connection to redis and exits each time',
    'restart-policy': 'its restart policy brings it back too fast to finish starting',
  },
  answer: { component: 'worker', cause: 'poison-message' },
  wrongComponent: () =>
    'The component you named is doing its job. `docker ps -a` shows which container keeps coming and going, and `docker inspect` how often.',
  wrongCause: (cause) => `Right container, wrong cause. ${causeNudges[cause]}`,
});
export const { COMPONENTS, CAUSES, ANSWER } = rootCause;

/** Criterion 1: the learner named the worker, crashed over and over by one export, as the root cause. */
export function judgeRootCause(snapshot: PoisonSnapshot, baseline: PoisonBaseline, context: JudgeContext): Verdict {
  const judged = rootCause.judge(context.statement ?? baseline.statement, {
    proof: () => {
      const deaths = snapshot.workerEvents.filter((event) => event.action === 'die');
      const codes = [...new Set(deaths.map((event) => event.exitCode))].filter((code) => code !== undefined);
      return [
        `at \`up\` the worker had died ${plural(baseline.poison.deathsAtHandover, 'time')} on export ${baseline.poison.id.slice(0, 8)}…, exit 139 (SIGSEGV), OOMKilled=false`,
        `since \`up\`: ${plural(deaths.length, 'death')}${codes.length ? ` (exit ${codes.join(', ')})` : ''}`,
      ];
    },
  });
  return verdict('root-cause', judged.passed, judged.evidence, { hint: judged.hint });
}
