import type { CriterionId } from '../../src/scenarios/poison-loop/criteria/verdict.js';
import type { Action } from '../../tools/explore/actions.js';
import { cardFix, poison as p } from '../../tools/explore/poison-loop/actions.js';

/** The ways people fix, half-fix and damage poison-loop, each with the grade a correct grader gives it. */
export interface PoisonPath {
  name: string;
  steps: Action[];
  grade: 'check' | 'wait';
  statement?: [component: string, cause: string];
  exitCode: 0 | 1;
  failing: CriterionId[];
}

export const POISON_BACKLOG = 200;
const looping: CriterionId[] = ['poison-quarantined', 'worker-stable', 'backlog-drained'];

export const poisonPaths: PoisonPath[] = [
  { name: 'no fix at all', steps: [p.look()], grade: 'check', exitCode: 1, failing: looping },
  {
    name: "the card's fix: stop the loop, HGET + RPUSH + HDEL + ZREM, start, policy back",
    steps: [p.look(), ...cardFix()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  {
    name: 'HGET + RPUSH + HDEL (no ZREM) while the policy keeps restarting it',
    steps: [p.moveFromUnacked('exports.dead-letter', { zrem: false }), p.waitUntilUp()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  {
    name: 'the LMOVE route: back on the queue by hand, then LMOVE aside',
    steps: [p.stopLoop(), p.handRestoreThenLmove(), p.start(), p.waitUntilUp()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  { name: 'set aside in a hash (HSET), policy never touched', steps: [p.moveToHash(), p.waitUntilUp()], grade: 'wait', exitCode: 0, failing: [] },
  {
    name: 'the poison export deleted (HDEL + ZREM)',
    steps: [p.stopLoop(), p.deletePoison(), p.start(), p.waitUntilUp()],
    grade: 'wait',
    exitCode: 1,
    failing: ['poison-quarantined'],
  },
  {
    name: 'FLUSHALL',
    steps: [p.flushAll(), p.waitUntilUp(11_000)],
    grade: 'check',
    exitCode: 1,
    failing: ['poison-quarantined', 'others-kept', 'backlog-drained'],
  },
  {
    name: 'more memory as a first guess (1g), stated as an OOM kill',
    steps: [p.memory('1g'), p.wait(8000)],
    grade: 'check',
    statement: ['worker', 'oom-killed'],
    exitCode: 1,
    failing: ['root-cause', ...looping],
  },
  { name: 'the restart policy removed, nothing else', steps: [p.stopLoop()], grade: 'check', exitCode: 1, failing: looping },
  { name: "web restarted, then the card's fix", steps: [p.restartWeb(), ...cardFix()], grade: 'wait', exitCode: 1, failing: ['web-redis-untouched'] },
  {
    name: "LMOVE the queue's tail blindly: an innocent export moved, the loop goes on",
    steps: [p.lmoveTail(), p.wait(8000)],
    grade: 'check',
    exitCode: 1,
    failing: ['poison-quarantined', 'others-kept', 'worker-stable', 'backlog-drained'],
  },
  {
    name: 'copied aside but left in unacked',
    steps: [p.moveFromUnacked('exports.dead-letter', { remove: false }), p.wait(8000)],
    grade: 'check',
    exitCode: 1,
    failing: looping,
  },
  {
    name: "the card's fix, with the restart policy blamed",
    steps: [...cardFix()],
    grade: 'wait',
    statement: ['worker', 'restart-policy'],
    exitCode: 1,
    failing: ['root-cause'],
  },
];
