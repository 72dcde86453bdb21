import { gatherDebriefEvidence } from '../../kits/celery-redis/debrief/evidence.js';
import type { DebriefEvidence } from '../../kits/celery-redis/debrief/evidence-types.js';
import { keptRules } from '../../kits/celery-redis/debrief/rules.js';
import { buildStory, storyFigures, untoldStory } from '../../kits/celery-redis/debrief/story.js';
import { plural } from '../../kits/celery-redis/wording.js';
import type { Debrief, DebriefBook } from '../../scenario/debrief.js';
import type { RuleBreakClassifier } from '../../shim/transcript.js';
import type { PoisonBaseline } from './baseline.js';
import { ANSWER } from './criteria/root-cause.js';
import { redeliveryLimitDemo } from './demos/redelivery-limit.js';

/** The rules of engagement a command can be seen to break, each matched by what the classifier says it broke. */
const RULES = [
  { rule: 'no export deleted, Redis never flushed', matches: /flush|purge|discard|delet|removed queued|removed jobs|volumes|trim/i },
  { rule: 'web and redis stay running as they are', matches: /web|redis/i },
] as const;

const ms = (time: string) => Date.parse(time);
export type PoisonDebriefEvidence = DebriefEvidence<PoisonBaseline>;

/**
 * The postmortem of poison-loop, from its evidence. Pure. The shared story is told without a
 * cause (every death is "stopped, exit N"); once a root cause is stated, the outage's first
 * entry names the crash, and the diagnosis is judged by this outage's answer.
 */
export function buildPoisonDebrief(evidence: PoisonDebriefEvidence, ruleBreak: RuleBreakClassifier): Debrief {
  const statement = evidence.baseline.statement;
  const story = buildStory(evidence, untoldStory);
  const correct = statement?.component === ANSWER.component && statement.cause === ANSWER.cause;
  const poison = evidence.baseline.poison;
  const timeline = story.timeline.map((entry) =>
    entry.kind === 'kill' && statement
      ? {
          ...entry,
          text: `the worker crashed on export ${poison.id.slice(0, 8)}… (exit 139, a segmentation fault in its own code, OOMKilled=false); Docker restarted it and kombu handed the same export back (${plural(poison.deathsAtHandover, 'death')} before the hand-over)`,
        }
      : entry,
  );
  if (statement) {
    const at = ms(statement.at);
    timeline.push({
      at: statement.at,
      t: Math.round((at - story.began) / 100) / 10,
      kind: 'diagnosis',
      text: `root cause stated: ${statement.component}, ${statement.cause} (${correct ? 'correct' : 'not what happened'})`,
    });
    timeline.sort((a, b) => ms(a.at) - ms(b.at));
  }
  const rules = keptRules(RULES, evidence, ruleBreak);
  const open: string[] = (evidence.unread ?? []).map((source) => `could not read ${source}: what depends on it is missing below`);
  if (!statement) open.push('no root cause stated yet (`check` asks for it)');
  else if (!correct) open.push('the root cause stated is not what the evidence shows');
  if (evidence.now.running === false) open.push('the worker is not running');
  else if (story.recoveredAt === undefined) open.push('the worker has not stayed up since the outage');
  if (evidence.now.queueDepth !== null && evidence.now.queueDepth > 0)
    open.push(`${evidence.now.queueDepth.toLocaleString('en-US')} exports still wait in the queue (\`check --wait\` follows the drain)`);
  const diagnosedAt = statement && correct ? ms(statement.at) : undefined;
  return {
    kind: 'async-outage-lab/debrief',
    version: 1,
    at: evidence.at,
    title: statement ? 'Late exports: one export crashed the worker on every delivery' : 'Late exports: the worker kept dying',
    subject: 'worker',
    resolved: diagnosedAt !== undefined && story.drainEnd !== undefined,
    began: new Date(story.began).toISOString(),
    timeline,
    figures: storyFigures(story, evidence, diagnosedAt),
    // The diagnosis here is the answer alone: a look at how the worker ended does not name the poison export.
    figureNotes: { diagnose: 'outage to your correct answer', recover: 'outage to the start of the worker that stayed up' },
    rules,
    open,
    questions: poisonLoopDebrief.questions.map((q) => ({ ...q, command: `async-outage-lab demo ${q.demo}` })),
  };
}

export const poisonLoopDebrief: DebriefBook<PoisonBaseline, PoisonDebriefEvidence> = {
  gather: (baseline, sessionLog) => gatherDebriefEvidence(baseline, 'worker', sessionLog),
  questions: [redeliveryLimitDemo].map((demo) => ({ question: demo.question, demo: demo.name })),
  build: buildPoisonDebrief,
};
