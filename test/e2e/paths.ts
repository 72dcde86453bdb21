import type { CriterionId } from '../../src/scenarios/worker-oom/criteria/verdict.js';
import { type Action, actions as a, cardFix, waitForQueueAtMost } from '../../tools/explore/actions.js';

/**
 * The ways people fix, half-fix and damage this outage, each with the grade a correct grader
 * gives it. Wrong first guesses, refused commands and "clean-ups" of Redis included.
 */
export interface LearnerPath<C extends string = CriterionId> {
  name: string;
  /** Jobs to seed (a small backlog keeps the corpus fast; the outage is the same). */
  backlog: number;
  steps: Action[];
  /** `check` once, or `check --wait` to the end of the drain. */
  grade: 'check' | 'wait';
  statement?: [component: string, cause: string];
  exitCode: 0 | 1;
  failing: C[];
  /** Commands among the steps that Docker must refuse (non-zero exit), by position in the run. */
  refused?: string[];
}

const SMALL = 200;
const drainFails: CriterionId[] = ['worker-headroom', 'backlog-draining'];

export const paths: LearnerPath[] = [
  { name: 'no fix at all', backlog: SMALL, steps: [a.look()], grade: 'check', exitCode: 1, failing: drainFails },
  { name: "the card's fix, then check --wait", backlog: SMALL, steps: [a.look(), ...cardFix()], grade: 'wait', exitCode: 0, failing: [] },
  {
    name: 'a bare start first (dies again), then the fix, then check --wait',
    backlog: SMALL,
    steps: [a.start(), a.waitForWorkerExit(), ...cardFix()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  { name: 'a bare start only', backlog: SMALL, steps: [a.start(), a.waitForWorkerExit()], grade: 'check', exitCode: 1, failing: drainFails },
  {
    name: 'update --memory without --memory-swap (refused), then start',
    backlog: SMALL,
    steps: [a.update('512m'), a.start(), a.waitForWorkerExit()],
    grade: 'check',
    exitCode: 1,
    failing: drainFails,
    refused: ['docker update --memory 512m worker'],
  },
  {
    name: 'too little memory (200m), started: dies on the first large export',
    backlog: SMALL,
    steps: [a.update('200m', '200m'), a.start(), a.waitForWorkerExit()],
    grade: 'wait',
    exitCode: 1,
    failing: drainFails,
  },
  { name: 'memory raised but never started', backlog: SMALL, steps: [a.update('512m', '512m')], grade: 'check', exitCode: 1, failing: drainFails },
  { name: 'unlimited swap (--memory-swap -1) with 512m', backlog: SMALL, steps: [a.update('512m', '-1'), a.start()], grade: 'wait', exitCode: 0, failing: [] },
  { name: 'a generous 1g', backlog: SMALL, steps: [a.update('1g', '1g'), a.start()], grade: 'wait', exitCode: 0, failing: [] },
  {
    name: 'restarting web first, then the fix',
    backlog: SMALL,
    steps: [a.restartWeb(), ...cardFix()],
    grade: 'wait',
    exitCode: 1,
    failing: ['web-redis-untouched'],
  },
  {
    name: 'restarting redis, then the fix',
    backlog: SMALL,
    steps: [a.restartRedis(), ...cardFix()],
    grade: 'wait',
    exitCode: 1,
    failing: ['web-redis-untouched'],
  },
  {
    name: 'FLUSHALL, then the fix',
    backlog: SMALL,
    steps: [a.flushAll(), ...cardFix()],
    grade: 'check',
    exitCode: 1,
    failing: ['no-job-discarded', 'backlog-draining'],
  },
  {
    name: 'DEL celery, then the fix',
    backlog: SMALL,
    steps: [a.deleteQueue(), ...cardFix()],
    grade: 'check',
    exitCode: 1,
    failing: ['no-job-discarded', 'backlog-draining'],
  },
  {
    name: 'one job dropped off the queue (RPOP), then the fix',
    backlog: SMALL,
    steps: [a.dropOldestJob(), ...cardFix()],
    grade: 'wait',
    exitCode: 1,
    failing: ['no-job-discarded', 'backlog-draining'],
  },
  {
    name: 'the stuck in-flight job deleted from unacked, then the fix',
    backlog: SMALL,
    steps: [a.dropOldestUnacked(), ...cardFix()],
    grade: 'wait',
    exitCode: 1,
    failing: ['no-job-discarded', 'backlog-draining'],
  },
  {
    // Each death parks the large export in hand in `unacked`, so the policy's restarts get through the
    // small ones: the queue drains, but the worker still cannot survive what waits in `unacked`.
    name: 'a restart policy and no more memory: restarts past every large export',
    backlog: SMALL,
    steps: [a.restartPolicy('on-failure'), a.start(), waitForQueueAtMost(2)],
    grade: 'check',
    exitCode: 1,
    failing: ['worker-headroom'],
  },
  {
    name: 'the fix, then docker restart mid-drain',
    backlog: 600,
    steps: [...cardFix(), a.waitForDrainUnderway(), a.restartWorker()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  {
    name: 'the fix, then stop and start mid-drain',
    backlog: 600,
    steps: [...cardFix(), a.waitForDrainUnderway(), a.stopStartWorker()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  {
    name: 'the fix, then docker kill mid-drain',
    backlog: 600,
    steps: [...cardFix(), a.waitForDrainUnderway(), a.killWorker()],
    grade: 'check',
    exitCode: 1,
    failing: drainFails,
  },
  { name: 'the fix, then paused', backlog: SMALL, steps: [...cardFix(), a.pauseWorker()], grade: 'check', exitCode: 1, failing: drainFails },
  {
    name: 'the fix, with web named as the culprit',
    backlog: SMALL,
    steps: cardFix(),
    grade: 'wait',
    statement: ['web', 'crashed-with-error'],
    exitCode: 1,
    failing: ['root-cause'],
  },
];
