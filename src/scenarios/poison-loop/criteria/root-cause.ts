import type { JudgeContext, Statement } from '../../../scenario/judge.js';
import { plural } from '../../worker-oom/criteria/facts.js';
import type { PoisonBaseline } from '../baseline.js';
import type { PoisonSnapshot } from '../snapshot.js';
import { type Verdict, verdict } from './verdict.js';

export const COMPONENTS = ['web', 'redis', 'worker'] as const;
export type Component = (typeof COMPONENTS)[number];
/** The true answer is neither first nor last: each wrong one is something a responder could believe from one clue. */
export const CAUSES = ['oom-killed', 'broken-release', 'poison-message', 'lost-network', 'restart-policy'] as const;
export type Cause = (typeof CAUSES)[number];

export const componentLabels: Record<Component, string> = {
  web: 'web: the HTTP service that takes export requests',
  redis: 'redis: the broker that holds the queue',
  worker: 'worker: the Celery process that turns queued jobs into CSV files',
};

export const causeLabels: Record<Cause, string> = {
  'oom-killed': 'the kernel keeps killing it for going over its memory limit',
  'broken-release': 'its code is broken for every export since the last release',
  'poison-message': 'one export crashes it each time it runs, and each restart hands that export back',
  'lost-network': 'it loses its connection to redis and exits',
  'restart-policy': 'its restart policy restarts it too fast for it to come up properly',
};

export const rootCauseQuestions = [
  {
    key: 'component',
    prompt: 'Which container keeps the exports from finishing?',
    choices: COMPONENTS.map((value) => ({ value, label: componentLabels[value] })),
  },
  { key: 'cause', prompt: 'What is happening to it?', choices: CAUSES.map((value) => ({ value, label: causeLabels[value] })) },
] as const;

export const ANSWER = { component: 'worker', cause: 'poison-message' } as const satisfies { component: Component; cause: Cause };

const isComponent = (value: string): value is Component => (COMPONENTS as readonly string[]).includes(value);
const isCause = (value: string): value is Cause => (CAUSES as readonly string[]).includes(value);

const HOW_TO_STATE =
  'Run `async-outage-lab check` in a terminal and answer its two questions, or pass ' +
  `\`--component <${COMPONENTS.join('|')}>\` and \`--cause <${CAUSES.join('|')}>\`.`;

const causeNudges: Record<Exclude<Cause, 'poison-message'>, string> = {
  'oom-killed':
    "A memory kill is SIGKILL: exit 137, and `docker inspect` records OOMKilled. Compare with what `docker inspect worker --format '{{.State.ExitCode}} {{.State.OOMKilled}}'` says, and with the exports it was running.",
  'broken-release':
    'Code broken for every export would fail every export. Read a whole run of `docker logs worker`: did any export succeed, and which one is it on each time it goes quiet?',
  'lost-network': 'A worker cut off from redis says so in its log, and keeps retrying. Does its log show it connected and ready before it goes quiet?',
  'restart-policy': 'A restart policy only acts after the process has ended. What ended it, each time? The exit code and the last line of each run say.',
};

/** Criterion 1: the learner named the worker, crashed over and over by one export, as the root cause. */
export function judgeRootCause(snapshot: PoisonSnapshot, baseline: PoisonBaseline, context: JudgeContext): Verdict {
  const statement: Statement | undefined = context.statement ?? baseline.statement;
  if (!statement) return verdict('root-cause', false, ['no root cause stated yet'], { hint: HOW_TO_STATE });
  const { component, cause } = statement;
  if (!isComponent(component) || !isCause(cause)) {
    const wrong = !isComponent(component) ? `component "${component}"` : `cause "${cause}"`;
    return verdict('root-cause', false, [`the stated ${wrong} is not one of the answers`], { hint: HOW_TO_STATE });
  }
  const stated = `you stated: ${component}, ${causeLabels[cause]}`;
  if (component !== ANSWER.component) {
    return verdict('root-cause', false, [stated], {
      hint: 'The component you named is doing its job. `docker ps -a` shows which container keeps coming and going, and `docker inspect` how often.',
    });
  }
  if (cause !== ANSWER.cause) return verdict('root-cause', false, [stated], { hint: `Right container, wrong cause. ${causeNudges[cause]}` });
  const deaths = snapshot.workerEvents.filter((event) => event.action === 'die');
  const codes = [...new Set(deaths.map((event) => event.exitCode))].filter((code) => code !== undefined);
  return verdict('root-cause', true, [
    stated,
    `at \`up\` the worker had died ${plural(baseline.poison.deathsAtHandover, 'time')} on export ${baseline.poison.id.slice(0, 8)}…, exit 139 (SIGSEGV), OOMKilled=false`,
    `since \`up\`: ${plural(deaths.length, 'death')}${codes.length ? ` (exit ${codes.join(', ')})` : ''}`,
  ]);
}
