import type { Snapshot } from '../../../kits/celery-redis/observe/snapshot.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import { defineRootCause } from '../../../scenario/root-cause.js';
import type { Baseline } from '../baseline.js';
import { clock, stateOf } from './facts.js';
import { type Verdict, verdict } from './verdict.js';

/** Where each wrong cause of the worker would show, if it were true. */
const causeNudges = {
  'crashed-with-error':
    'A task that raises an error leaves a traceback and the worker carries on, or exits 1 if the process itself fails. ' +
    'Look at how `docker logs worker` ends, and at the exit code.',
  'stopped-cleanly': 'An orderly stop exits 0 and says goodbye in the log (a warm shutdown). Look at how `docker logs worker` ends, and at the exit code.',
  'lost-jobs':
    'Jobs that were lost would leave the queue short or empty: `docker exec redis redis-cli LLEN celery` counts what waits. ' +
    'Is the backlog gone, or still growing? Then look at how `docker logs worker` ends.',
  'lost-network': 'A worker cut off from Redis keeps running and keeps retrying the connection, saying so in its log. Is the worker running at all?',
};

/**
 * The answers the learner picks from (interactively, or with --component / --cause): every label
 * is about as long and as specific as the others, and each wrong one is what a tired on-call
 * engineer might believe.
 */
export const rootCause = defineRootCause({
  prompts: { component: 'Which container stopped the exports from finishing?', cause: 'What happened to it?' },
  components: {
    web: 'web: the HTTP service that accepts exports and queues them',
    redis: 'redis: the broker that holds the queued export jobs',
    worker: 'worker: the Celery process that runs the queued jobs',
  },
  causes: {
    'crashed-with-error': 'it crashed on an exception in its own code (a bad deploy?)',
    'lost-jobs': 'it lost the jobs it held (evicted when full, or flushed)',
    'lost-network': 'it is running but cannot reach the others over the network',
    'oom-killed': 'it was killed for going over the memory it is allowed',
    'stopped-cleanly': 'it was shut down on purpose, in an orderly way',
  },
  answer: { component: 'worker', cause: 'oom-killed' },
  wrongComponent: () =>
    'The component you named was doing its job. When the exports stopped, one of the three containers was not Up ' +
    '(`docker ps -a` shows STATUS, `docker events --since 1h` what happened to each). Which one turns queued jobs into finished exports?',
  wrongCause: (cause) =>
    `Right container, wrong cause. ${causeNudges[cause]} ` +
    "Then `docker inspect worker --format '{{.State.ExitCode}} {{.State.OOMKilled}}'`: " +
    'an exit code above 128 means a signal ended the process (137 - 128 = 9, SIGKILL). Who sends that, and what does OOMKilled record?',
});
export const { COMPONENTS, CAUSES, ANSWER, componentLabels, causeLabels, isComponent, isCause } = rootCause;
export type Component = (typeof COMPONENTS)[number];
export type Cause = (typeof CAUSES)[number];
export const rootCauseQuestions = rootCause.question.questions;

/** A short observed fact about a component the learner blamed: what it looks like right now. */
function lookNow(snapshot: Snapshot, component: Component): string {
  const view = snapshot.containers[component];
  if (component === 'web') {
    const status = snapshot.web.reachable ? `GET / answered ${snapshot.web.rootStatus ?? '?'}` : 'its HTTP port did not answer';
    return `web right now: ${stateOf(view)}, ${status}`;
  }
  if (component === 'redis') {
    const ping = snapshot.broker.reachable ? (snapshot.broker.pong ? 'PING answered PONG' : 'PING got no PONG') : 'not reachable';
    return `redis right now: ${stateOf(view)}, ${ping}`;
  }
  return `worker right now: ${stateOf(view)}`;
}

/** Criterion 1: the learner named the worker, killed for its memory, as the root cause. */
export function judgeRootCause(snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict {
  const judged = rootCause.judge(context.statement ?? baseline.statement, {
    onWrongComponent: (component) => [lookNow(snapshot, component)],
    proof: () => [
      `at the outage the worker exited with code ${baseline.worker.exitCode}` +
        `${baseline.worker.oomKilled ? ', State.OOMKilled=true' : ''}, at ${clock(baseline.worker.finishedAt, snapshot.takenAt)}`,
    ],
  });
  return verdict('root-cause', judged.passed, judged.evidence, { hint: judged.hint });
}
