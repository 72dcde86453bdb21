import type { Snapshot } from '../../../kits/celery-redis/observe/snapshot.js';
import type { JudgeContext, Statement } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import { clock, stateOf } from './facts.js';
import { type Verdict, verdict } from './verdict.js';

/**
 * The answers the learner picks from (interactively, or with --component / --cause). The
 * components follow an export's path; the causes are in alphabetical order, so neither the
 * position nor the wording of a choice points at the answer: every label is about as long and
 * as specific as the others, and each wrong one is what a tired on-call engineer might believe.
 */
export const COMPONENTS = ['web', 'redis', 'worker'] as const;
export type Component = (typeof COMPONENTS)[number];
export const CAUSES = ['crashed-with-error', 'lost-jobs', 'lost-network', 'oom-killed', 'stopped-cleanly'] as const;
export type Cause = (typeof CAUSES)[number];

export const componentLabels: Record<Component, string> = {
  web: 'web: the HTTP service that accepts exports and queues them',
  redis: 'redis: the broker that holds the queued export jobs',
  worker: 'worker: the Celery process that runs the queued jobs',
};

export const causeLabels: Record<Cause, string> = {
  'crashed-with-error': 'it crashed on an exception in its own code (a bad deploy?)',
  'lost-jobs': 'it lost the jobs it held (evicted when full, or flushed)',
  'lost-network': 'it is running but cannot reach the others over the network',
  'oom-killed': 'it was killed for going over the memory it is allowed',
  'stopped-cleanly': 'it was shut down on purpose, in an orderly way',
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

export const isComponent = (value: string): value is Component => (COMPONENTS as readonly string[]).includes(value);
export const isCause = (value: string): value is Cause => (CAUSES as readonly string[]).includes(value);

export const ANSWER = { component: 'worker', cause: 'oom-killed' } as const satisfies { component: Component; cause: Cause };

const HOW_TO_STATE =
  'Run `async-outage-lab check` in a terminal and answer its two questions, or pass ' +
  `\`--component <${COMPONENTS.join('|')}>\` and \`--cause <${CAUSES.join('|')}>\`.`;

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

const causeNudges: Record<Exclude<Cause, 'oom-killed'>, string> = {
  'crashed-with-error':
    'A task that raises an error leaves a traceback and the worker carries on, or exits 1 if the process itself fails. ' +
    'Look at how `docker logs worker` ends, and at the exit code.',
  'stopped-cleanly': 'An orderly stop exits 0 and says goodbye in the log (a warm shutdown). Look at how `docker logs worker` ends, and at the exit code.',
  'lost-jobs':
    'Jobs that were lost would leave the queue short or empty: `docker exec redis redis-cli LLEN celery` counts what waits. ' +
    'Is the backlog gone, or still growing? Then look at how `docker logs worker` ends.',
  'lost-network': 'A worker cut off from Redis keeps running and keeps retrying the connection, saying so in its log. Is the worker running at all?',
};

/** Criterion 1: the learner named the worker, killed for its memory, as the root cause. */
export function judgeRootCause(snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict {
  const statement: Statement | undefined = context.statement ?? baseline.statement;
  if (!statement) {
    return verdict('root-cause', false, ['no root cause stated yet'], { hint: HOW_TO_STATE });
  }
  const { component, cause } = statement;
  if (!isComponent(component) || !isCause(cause)) {
    const wrong = !isComponent(component) ? `component "${component}"` : `cause "${cause}"`;
    return verdict('root-cause', false, [`the stated ${wrong} is not one of the answers`], { hint: HOW_TO_STATE });
  }
  const stated = `you stated: ${component}, ${causeLabels[cause]}`;
  if (component !== ANSWER.component) {
    return verdict('root-cause', false, [stated, lookNow(snapshot, component)], {
      hint:
        'The component you named was doing its job. When the exports stopped, one of the three containers was not Up ' +
        '(`docker ps -a` shows STATUS, `docker events --since 1h` what happened to each). Which one turns queued jobs into finished exports?',
    });
  }
  const outage =
    `at the outage the worker exited with code ${baseline.worker.exitCode}` +
    `${baseline.worker.oomKilled ? ', State.OOMKilled=true' : ''}, at ${clock(baseline.worker.finishedAt, snapshot.takenAt)}`;
  if (cause !== ANSWER.cause) {
    return verdict('root-cause', false, [stated], {
      hint:
        `Right container, wrong cause. ${causeNudges[cause]} ` +
        "Then `docker inspect worker --format '{{.State.ExitCode}} {{.State.OOMKilled}}'`: " +
        'an exit code above 128 means a signal ended the process (137 - 128 = 9, SIGKILL). Who sends that, and what does OOMKilled record?',
    });
  }
  return verdict('root-cause', true, [stated, outage]);
}
