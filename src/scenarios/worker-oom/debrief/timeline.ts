import type { DebriefEvidence } from '../../../kits/celery-redis/debrief/evidence-types.js';
import { isFixAttempt, mentionsWorker, verbOf } from '../../../kits/celery-redis/debrief/fix-attempts.js';
import { type StoryTelling, untoldStory } from '../../../kits/celery-redis/debrief/story.js';
import type { WorkerEvent } from '../../../kits/celery-redis/observe/snapshot.js';
import { count } from '../../../kits/celery-redis/wording.js';
import type { SessionEntry } from '../../../shim/session-log.js';
import { commandLine } from '../../../shim/shell-words.js';
import type { Baseline } from '../baseline.js';
import { ANSWER } from '../criteria/root-cause.js';

/** The worker-OOM outage's story in its own words: the kill, each death, and when the cause was in view. Pure. */

const ms = (iso: string) => Date.parse(iso);

/** Commands that show how the worker ended (its State, or the engine's events), as the hints read them. */
const showsHowItEnded = (entry: SessionEntry) => (verbOf(entry) === 'inspect' && mentionsWorker(entry)) || verbOf(entry) === 'events';
/** A change to the worker's memory: the diagnosis acted on. */
const changesMemory = (entry: SessionEntry) => isFixAttempt(entry) && entry.argv.some((arg) => /^(--memory|-m)(=|$)/.test(arg));

/** A death is an OOM kill when the engine reported `oom` for the container just before it. */
const deathText = (event: WorkerEvent, events: readonly WorkerEvent[]) => {
  const oom = events.some((e) => e.action === 'oom' && e.id === event.id && ms(event.time) - ms(e.time) >= 0 && ms(event.time) - ms(e.time) < 2000);
  return oom ? `the worker was OOM-killed (exit ${event.exitCode ?? 137})` : `the worker exited (code ${event.exitCode ?? '?'})`;
};

/** Until a root cause is stated, the debrief names no cause (as check holds its lessons back). */
const held = (evidence: DebriefEvidence<Baseline>) => !evidence.baseline.statement;

export const workerOomStory: StoryTelling<DebriefEvidence<Baseline>> = {
  began: (evidence) => {
    if (held(evidence)) return untoldStory.began(evidence);
    const { worker, backlog } = evidence.baseline;
    return `the kernel OOM-killed the worker (exit ${worker.exitCode}, OOMKilled=${worker.oomKilled}) with export ${backlog.inFlightId.slice(0, 8)} (${count(backlog.inFlightRows)} rows) in hand`;
  },
  death: (event, evidence) => (held(evidence) ? untoldStory.death(event, evidence) : deathText(event, evidence.events)),
  diagnosis: ({ baseline, session }, add) => {
    const statement = baseline.statement;
    const correct = statement?.component === ANSWER.component && statement.cause === ANSWER.cause;
    if (statement)
      add(ms(statement.at), 'answer', `root cause stated: ${statement.component}, ${statement.cause} (${correct ? 'correct' : 'not what happened'})`);
    // Diagnosed: when the cause was first in view (a command that shows how the worker ended) or
    // acted on (its memory changed), else when it was stated; only once it is stated correctly.
    const inView = session.find((entry) => showsHowItEnded(entry) || changesMemory(entry));
    const diagnosedAt = correct && statement ? Math.min(ms(statement.at), inView ? ms(inView.at) : Infinity) : undefined;
    if (diagnosedAt !== undefined) {
      add(
        diagnosedAt,
        'diagnosis',
        inView && ms(inView.at) === diagnosedAt
          ? `the cause was in view: \`${commandLine(inView)}\` (the root cause, stated later, matches it)`
          : 'the cause was named: the root cause stated is what happened',
      );
    }
    return diagnosedAt;
  },
};
