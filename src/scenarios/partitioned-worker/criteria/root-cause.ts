import { stateOf } from '../../../kits/celery-redis/criteria/facts.js';
import { STACK_COMPONENTS } from '../../../kits/celery-redis/wording.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import { defineRootCause } from '../../../scenario/root-cause.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** Where each wrong cause of the worker would show, if it were true. */
const causeNudges = {
  down: 'A worker that is down shows in `docker ps -a` as Exited. Is it? And if it runs, why would the broker not hear from it?',
  overloaded: 'A slow worker still finishes exports, only fewer of them. Have any finished since the outage began?',
  'oom-killed': 'An OOM kill ends the process: the container exits 137. Look at its STATUS and RestartCount first.',
  'not-enqueueing': 'The web is not a worker. Still, the queue keeps growing: someone puts jobs on it.',
};

/** The answers offered: each wrong cause is what one symptom alone would suggest. */
export const rootCause = defineRootCause({
  prompts: { component: 'Which container stopped the exports from finishing?', cause: 'What happened to it?' },
  components: STACK_COMPONENTS,
  causes: {
    down: 'it is down: not running, or hung and answering nobody',
    overloaded: 'it is overloaded: running, but too slow to keep up',
    'oom-killed': 'the kernel killed it for going over its memory limit',
    'not-enqueueing': 'it accepts exports but stopped putting them on the queue',
    'lost-network': 'it runs, but it cannot reach the others over the network',
  },
  answer: { component: 'worker', cause: 'lost-network' },
  wrongComponent: () =>
    'The component you named answers and does its job: redis keeps the queue and answers PING, the web accepts every export. ' +
    'An error message can name the side that is healthy. Which container should be taking jobs off the queue, and can it reach the queue at all?',
  wrongCause: (cause) =>
    `Right container, wrong cause. ${causeNudges[cause]} Then look at what the worker can reach: \`docker inspect worker\` shows its networks.`,
});
export const { COMPONENTS, CAUSES, ANSWER } = rootCause;
type Component = (typeof COMPONENTS)[number];

/** What the blamed component looks like right now, in one observed line. */
function lookNow(snapshot: Snapshot, component: Component): string {
  if (component === 'web')
    return `web right now: ${stateOf(snapshot.containers.web)}, ${snapshot.web.reachable ? `GET / answered ${snapshot.web.rootStatus ?? '?'}` : 'its HTTP port did not answer'}`;
  if (component === 'redis')
    return `redis right now: ${stateOf(snapshot.containers.redis)}, ${snapshot.broker.reachable ? `PING answered ${snapshot.broker.pong ? 'PONG' : 'something else'}, ${snapshot.broker.queueDepth ?? '?'} jobs queued` : 'not reachable'}`;
  return `worker right now: ${stateOf(snapshot.containers.worker)}`;
}

/** Criterion 1: the learner named the worker, cut off from the broker's network, as the root cause. */
export function judgeRootCause(snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict {
  const judged = rootCause.judge(context.statement ?? baseline.statement, {
    onWrongComponent: (component) => [lookNow(snapshot, component)],
    onWrongCause: (component) => [lookNow(snapshot, component)],
    proof: () => [`at \`up\` the worker was detached from ${baseline.worker.network.name} while it ran (it had ${baseline.worker.network.ipAddress} there)`],
  });
  return verdict('root-cause', judged.passed, judged.evidence, { hint: judged.hint });
}
