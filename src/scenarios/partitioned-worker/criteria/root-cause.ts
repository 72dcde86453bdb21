import type { JudgeContext, Statement } from '../../../scenario/judge.js';
import { stateOf } from '../../worker-oom/criteria/facts.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** The answers the learner picks from (interactively, or with --component / --cause). */
export const COMPONENTS = ['redis', 'web', 'worker'] as const;
export type Component = (typeof COMPONENTS)[number];
export const CAUSES = ['down', 'overloaded', 'oom-killed', 'not-enqueueing', 'lost-network'] as const;
export type Cause = (typeof CAUSES)[number];

export const componentLabels: Record<Component, string> = {
  redis: 'redis: the broker that holds the queue',
  web: 'web: the HTTP service that takes export requests',
  worker: 'worker: the Celery process that turns queued jobs into CSV files',
};

export const causeLabels: Record<Cause, string> = {
  down: 'it is down: not running, or not answering anyone',
  overloaded: 'it is overloaded: too slow to keep up',
  'oom-killed': 'the kernel killed it for going over its memory limit',
  'not-enqueueing': 'it stopped putting new jobs on the queue',
  'lost-network': 'it runs, but it cannot reach the others over the network',
};

/** The interactive question, as data: the CLI asks these in order and offers the choices. */
export const rootCauseQuestions = [
  {
    key: 'component',
    prompt: 'Which container stopped the exports from finishing?',
    choices: COMPONENTS.map((value) => ({ value, label: componentLabels[value] })),
  },
  { key: 'cause', prompt: 'What happened to it?', choices: CAUSES.map((value) => ({ value, label: causeLabels[value] })) },
] as const;

const isComponent = (value: string): value is Component => (COMPONENTS as readonly string[]).includes(value);
const isCause = (value: string): value is Cause => (CAUSES as readonly string[]).includes(value);

export const ANSWER = { component: 'worker', cause: 'lost-network' } as const satisfies { component: Component; cause: Cause };

const HOW_TO_STATE =
  'Run `async-outage-lab check` in a terminal and answer its two questions, or pass ' +
  `\`--component <${COMPONENTS.join('|')}>\` and \`--cause <${CAUSES.join('|')}>\`.`;

/** What the blamed component looks like right now, in one observed line. */
function lookNow(snapshot: Snapshot, component: Component): string {
  if (component === 'web')
    return `web right now: ${stateOf(snapshot.containers.web)}, ${snapshot.web.reachable ? `GET / answered ${snapshot.web.rootStatus ?? '?'}` : 'its HTTP port did not answer'}`;
  if (component === 'redis')
    return `redis right now: ${stateOf(snapshot.containers.redis)}, ${snapshot.broker.reachable ? `PING answered ${snapshot.broker.pong ? 'PONG' : 'something else'}, ${snapshot.broker.queueDepth ?? '?'} jobs queued` : 'not reachable'}`;
  return `worker right now: ${stateOf(snapshot.containers.worker)}`;
}

const causeNudges: Record<Exclude<Cause, 'lost-network'>, string> = {
  down: 'A worker that is down shows in `docker ps -a` as Exited. Is it? And if it runs, why would the broker not hear from it?',
  overloaded: 'A slow worker still finishes exports, only fewer of them. Have any finished since the outage began?',
  'oom-killed': 'An OOM kill ends the process: the container exits 137. Look at its STATUS and RestartCount first.',
  'not-enqueueing': 'The web is not a worker. Still, the queue keeps growing: someone puts jobs on it.',
};

/** Criterion 1: the learner named the worker, cut off from the broker's network, as the root cause. */
export function judgeRootCause(snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict {
  const statement: Statement | undefined = context.statement ?? baseline.statement;
  if (!statement) return verdict('root-cause', false, ['no root cause stated yet'], { hint: HOW_TO_STATE });
  const { component, cause } = statement;
  if (!isComponent(component) || !isCause(cause)) {
    const wrong = !isComponent(component) ? `component "${component}"` : `cause "${cause}"`;
    return verdict('root-cause', false, [`the stated ${wrong} is not one of the answers`], { hint: HOW_TO_STATE });
  }
  const stated = `you stated: ${component}, ${causeLabels[cause]}`;
  if (component !== ANSWER.component) {
    return verdict('root-cause', false, [stated, lookNow(snapshot, component)], {
      hint:
        'The component you named answers and does its job: redis keeps the queue and answers PING, the web accepts every export. ' +
        'An error message can name the side that is healthy. Which container should be taking jobs off the queue, and can it reach the queue at all?',
    });
  }
  if (cause !== ANSWER.cause) {
    return verdict('root-cause', false, [stated, lookNow(snapshot, component)], {
      hint: `Right container, wrong cause. ${causeNudges[cause]} Then look at what the worker can reach: \`docker inspect worker\` shows its networks.`,
    });
  }
  return verdict('root-cause', true, [
    stated,
    `at \`up\` the worker was detached from ${baseline.worker.network.name} while it ran (it had ${baseline.worker.network.ipAddress} there)`,
  ]);
}
