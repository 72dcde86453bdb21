import { gatherDebriefEvidence } from '../../../kits/celery-redis/debrief/evidence.js';
import type { DebriefEvidence as StackDebriefEvidence } from '../../../kits/celery-redis/debrief/evidence-types.js';
import { keptRules } from '../../../kits/celery-redis/debrief/rules.js';
import { buildStory, storyFigures } from '../../../kits/celery-redis/debrief/story.js';
import { VISIBILITY_TIMEOUT_S } from '../../../kits/celery-redis/figures.js';
import type { Debrief, DebriefBook } from '../../../scenario/debrief.js';
import type { RuleBreakClassifier } from '../../../shim/transcript.js';
import type { Baseline } from '../baseline.js';
import { ANSWER } from '../criteria/root-cause.js';
import { workerOomDemos } from '../demos/index.js';
import { pagingDemo, pagingQuestion } from '../demos/paging.js';
import { workerOomStory } from './timeline.js';

/** What this outage's debrief reads: the stack's evidence with this outage's baseline. */
export type DebriefEvidence = StackDebriefEvidence<Baseline>;

/** The rules of engagement a command can be seen to break, each matched by what the classifier says it broke. */
const RULES = [
  { rule: 'queued exports are drained by the worker: no flush, purge or delete', matches: /flush|purge|discard|delet|removed queued|volumes|trim/i },
  { rule: 'web and redis stay running as they are', matches: /web|redis/i },
] as const;

/** The postmortem of the worker-OOM outage, from its evidence. Pure. */
export function buildDebrief(evidence: DebriefEvidence, ruleBreak: RuleBreakClassifier): Debrief {
  const story = buildStory(evidence, workerOomStory);
  const rules = keptRules(RULES, evidence, ruleBreak);
  const statement = evidence.baseline.statement;
  const open: string[] = (evidence.unread ?? []).map((source) => `could not read ${source}: what depends on it is missing below`);
  if (!statement) open.push('no root cause stated yet (`check` asks for it)');
  else if (statement.component !== ANSWER.component || statement.cause !== ANSWER.cause) open.push('the root cause stated is not what the evidence shows');
  if (evidence.now.running === false) open.push('the worker is not running');
  else if (story.recoveredAt === undefined) open.push('the worker has not stayed up since the outage');
  if (evidence.now.queueDepth !== null && evidence.now.queueDepth > 0)
    open.push(`${evidence.now.queueDepth.toLocaleString('en-US')} exports still wait in the queue (\`check --wait\` follows the drain)`);
  // Until a root cause is stated, nothing here names the cause (as `check` holds its lessons back).
  const held = !statement;
  if (evidence.now.parked) {
    const parked = `${evidence.now.parked.toLocaleString('en-US')} export(s)`;
    open.push(
      held
        ? `${parked} wait in Redis's \`unacked\` hash, out of the queue`
        : `${parked} parked in unacked by a dead worker: kombu hands them out again once they are ${VISIBILITY_TIMEOUT_S / 60} min old`,
    );
  }
  return {
    kind: 'async-outage-lab/debrief',
    version: 1,
    at: evidence.at,
    title: statement ? 'Export backlog: the Celery worker was OOM-killed' : 'Export backlog: the Celery worker stopped',
    subject: 'worker',
    resolved: story.diagnosedAt !== undefined && story.drainEnd !== undefined,
    began: new Date(story.began).toISOString(),
    timeline: story.timeline,
    figures: storyFigures(story, evidence, story.diagnosedAt),
    rules,
    open,
    // The questions and their demos answer the outage: they open with the diagnosis, as the demos do.
    // The paging question quotes the backlog this outage handed over, as the briefing gave it.
    questions: held
      ? []
      : workerOomDebrief.questions.map((q) => ({
          ...q,
          ...(q.demo === pagingDemo.name ? { question: pagingQuestion(evidence.baseline.backlog.depthAtHandover) } : {}),
          command: `async-outage-lab demo ${q.demo}`,
        })),
    ...(held
      ? {
          questionsHeld:
            'Three follow-up questions, each with an experiment to watch, open once you state a root cause (`async-outage-lab check` asks for it).',
        }
      : {}),
  };
}

export const workerOomDebrief: DebriefBook<Baseline, DebriefEvidence> = {
  gather: (baseline, sessionLog) => gatherDebriefEvidence(baseline, 'worker', sessionLog),
  questions: workerOomDemos.map((demo) => ({ question: demo.question, demo: demo.name })),
  build: buildDebrief,
};
