import { STACK_COMPONENTS } from '../../../kits/celery-redis/wording.js';
import type { JudgeContext } from '../../../scenario/judge.js';
import { defineRootCause } from '../../../scenario/root-cause.js';
import type { Baseline } from '../baseline.js';
import type { Snapshot } from '../observe/snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** Why each other component is not where the exports go. */
const componentNudges = {
  worker:
    'The worker takes what it is given: `docker logs worker` shows a job received and finished for every job that reached it, and it sits idle. ' +
    'The missing exports never reached it. Compare what the web accepted with what is still queued.',
  web:
    'The web records every export before it queues it and answers 202 only when the queue took it; its ledger (the dashboard) lists them. ' +
    'They were queued. Where did they go after that?',
};

/** Where each wrong cause of redis would show, if it were true. */
const causeNudges = {
  'too-slow':
    'A slow consumer leaves a long queue; this one is short, and the worker is idle. Is the queue short because it is being emptied, or because something takes from it?',
  'dropped-on-restart': "A restart changes redis's run_id and uptime (`INFO server`). Has it restarted?",
  'messages-expire':
    'Messages with an expiry would be received and then revoked by the worker, and `docker logs worker` would say so. What do `INFO stats` and `INFO memory` say?',
  'not-enqueuing': "Redis counts the web's pushes (`INFO commandstats`, lpush). Were they made?",
};

/** The answers offered: the true cause is one of five things that make queued work vanish. */
export const rootCause = defineRootCause({
  prompts: { component: 'Where do the missing exports go?', cause: 'What makes them disappear?' },
  components: STACK_COMPONENTS,
  causes: {
    'too-slow': 'it cannot keep up, so exports wait too long and time out',
    'dropped-on-restart': 'it restarted and lost what it held in memory',
    'evicting-keys': 'when full, it throws keys away to make room, jobs too',
    'messages-expire': 'the queued jobs carry an expiry and are discarded unread',
    'not-enqueuing': 'it answers 202 but never hands the job on to the queue',
  },
  answer: { component: 'redis', cause: 'evicting-keys' },
  wrongComponent: (component) => componentNudges[component],
  wrongCause: (cause) => `Right container, another cause. ${causeNudges[cause]}`,
});
export const { COMPONENTS, CAUSES, ANSWER } = rootCause;

/** Criterion 1: the learner named redis, evicting keys under memory pressure. */
export function judgeRootCause(_snapshot: Snapshot, baseline: Baseline, context: JudgeContext): Verdict {
  const judged = rootCause.judge(context.statement ?? baseline.statement, {
    proof: () => [`at the hand-over Redis had evicted ${baseline.busyHour.evictedKeys} key(s) under its ${baseline.busyHour.policy} policy`],
  });
  return verdict('root-cause', judged.passed, judged.evidence, { hint: judged.hint });
}
