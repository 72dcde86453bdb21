import type { JudgeContext, Statement } from '../../../scenario/judge.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** The answers offered; the true one is neither first nor last in either list. */
export const COMPONENTS = ['worker', 'redis', 'web'] as const;
export type Component = (typeof COMPONENTS)[number];
export const CAUSES = ['too-slow', 'dropped-on-restart', 'evicting-keys', 'messages-expire', 'not-enqueuing'] as const;
export type Cause = (typeof CAUSES)[number];

export const componentLabels: Record<Component, string> = {
  worker: 'worker: the Celery process that turns queued jobs into CSV files',
  redis: 'redis: the broker that holds the queue',
  web: 'web: the HTTP service that takes export requests',
};

export const causeLabels: Record<Cause, string> = {
  'too-slow': 'it cannot keep up, so exports wait too long and time out',
  'dropped-on-restart': 'it restarted and lost what it held in memory',
  'evicting-keys': 'it is full and throws keys away to make room, queued jobs included',
  'messages-expire': 'the queued jobs carry an expiry and are discarded unread',
  'not-enqueuing': 'it answers 202 but never hands the job on',
};

export const rootCauseQuestions = [
  { key: 'component', prompt: 'Where do the missing exports go?', choices: COMPONENTS.map((value) => ({ value, label: componentLabels[value] })) },
  { key: 'cause', prompt: 'What makes them disappear?', choices: CAUSES.map((value) => ({ value, label: causeLabels[value] })) },
] as const;

export const ANSWER = { component: 'redis', cause: 'evicting-keys' } as const satisfies { component: Component; cause: Cause };

const isComponent = (value: string): value is Component => (COMPONENTS as readonly string[]).includes(value);
const isCause = (value: string): value is Cause => (CAUSES as readonly string[]).includes(value);

const HOW_TO_STATE = `Run \`async-outage-lab check\` in a terminal and answer its two questions, or pass \`--component <${COMPONENTS.join('|')}>\` and \`--cause <${CAUSES.join('|')}>\`.`;

const componentNudges: Record<Exclude<Component, 'redis'>, string> = {
  worker:
    'The worker takes what it is given: `docker logs worker` shows a job received and finished for every job that reached it, and it sits idle. ' +
    'The missing exports never reached it. Compare what the web accepted with what is still queued.',
  web:
    'The web records every export before it queues it and answers 202 only when the queue took it; its ledger (the dashboard) lists them. ' +
    'They were queued. Where did they go after that?',
};

const causeNudges: Record<Exclude<Cause, 'evicting-keys'>, string> = {
  'too-slow':
    'A slow consumer leaves a long queue; this one is short, and the worker is idle. Is the queue short because it is being emptied, or because something takes from it?',
  'dropped-on-restart': "A restart changes redis's run_id and uptime (`INFO server`). Has it restarted?",
  'messages-expire':
    'Messages with an expiry would be received and then revoked by the worker, and `docker logs worker` would say so. What do `INFO stats` and `INFO memory` say?',
  'not-enqueuing': "Redis counts the web's pushes (`INFO commandstats`, lpush). Were they made?",
};

/** Criterion 1: the learner named redis, evicting keys under memory pressure. */
export function judgeRootCause(_snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict {
  const statement: Statement | undefined = context.statement ?? baseline.statement;
  if (!statement) return verdict('root-cause', false, ['no root cause stated yet'], { hint: HOW_TO_STATE });
  const { component, cause } = statement;
  if (!isComponent(component) || !isCause(cause)) {
    return verdict('root-cause', false, [`the stated ${!isComponent(component) ? `component "${component}"` : `cause "${cause}"`} is not one of the answers`], {
      hint: HOW_TO_STATE,
    });
  }
  const stated = `you stated: ${component}, ${causeLabels[cause]}`;
  if (component !== ANSWER.component) return verdict('root-cause', false, [stated], { hint: componentNudges[component] });
  if (cause !== ANSWER.cause) return verdict('root-cause', false, [stated], { hint: `Right container, another cause. ${causeNudges[cause]}` });
  return verdict('root-cause', true, [
    stated,
    `at the hand-over Redis had evicted ${baseline.busyHour.evictedKeys} key(s) under its ${baseline.busyHour.policy} policy`,
  ]);
}
