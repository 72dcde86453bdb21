import type { CriterionId } from '../../../src/scenarios/redis-eviction/criteria/verdict.js';
import { cardFix, look, maxmemory, policy, redisCli, redrive, run } from './lab.js';

/** A step as it ran; `exits` are the exit codes it may end with (0 only, unless it says). */
type Ran = { command: string; exitCode: number; out: string; exits?: number[] };

/** One way a learner meets this outage, with the grade a correct grader gives it. */
export interface EvictionPath {
  name: string;
  steps: () => Promise<Ran[]>;
  grade: 'check' | 'wait';
  statement?: [component: string, cause: string];
  /** A wrong answer stated (and graded) before the steps. */
  firstGuess?: [component: string, cause: string];
  exitCode: 0 | 1;
  failing: CriterionId[];
}

const notStopped: CriterionId[] = ['loss-stopped', 'loss-recovered', 'drains-and-holds'];

export const paths: EvictionPath[] = [
  { name: 'no fix at all', steps: look, grade: 'check', exitCode: 1, failing: notStopped },
  {
    name: "the card's fix (noeviction, 64mb) and the re-drive, then check --wait",
    steps: async () => [...(await look()), ...(await cardFix())],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  {
    name: 'no limit at all (maxmemory 0) with noeviction, and the re-drive',
    steps: async () => [await policy('noeviction'), await maxmemory('0'), await redrive()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  { name: 'the re-drive twice queues nothing twice', steps: async () => [...(await cardFix()), await redrive()], grade: 'wait', exitCode: 0, failing: [] },
  { name: 'the policy only, without room: refused writes', steps: async () => [await policy('noeviction')], grade: 'check', exitCode: 1, failing: notStopped },
  {
    name: 'room only, still allkeys-lru, and the re-drive',
    steps: async () => [await maxmemory('64mb'), await redrive()],
    grade: 'wait',
    exitCode: 1,
    failing: ['loss-stopped', 'drains-and-holds'],
  },
  {
    name: 'the re-drive before the loss is stopped (evicted again), then the fix without a second re-drive',
    steps: async () => [await redrive(), await policy('noeviction'), await maxmemory('64mb')],
    grade: 'wait',
    exitCode: 1,
    failing: ['loss-recovered'],
  },
  {
    name: 'FLUSHALL, then the fix and the re-drive',
    steps: async () => [await redisCli('FLUSHALL'), ...(await cardFix())],
    grade: 'wait',
    exitCode: 1,
    failing: ['nothing-else-damaged'],
  },
  {
    name: 'redis restarted, then the fix and the re-drive',
    steps: async () => [await run('restart', 'redis'), ...(await cardFix())],
    grade: 'wait',
    exitCode: 1,
    failing: ['nothing-else-damaged'],
  },
  {
    name: 'web restarted, then the fix and the re-drive',
    steps: async () => [await run('restart', 'web'), ...(await cardFix())],
    grade: 'wait',
    exitCode: 1,
    failing: ['nothing-else-damaged'],
  },
  {
    name: 'worker restarted, then the fix and the re-drive',
    steps: async () => [await run('restart', 'worker'), ...(await cardFix())],
    grade: 'wait',
    exitCode: 1,
    failing: ['nothing-else-damaged'],
  },
  {
    // Under noeviction with no room the re-drive is refused in part (exit 1) and the worker, whose
    // result write Redis refuses, exits: it is started again by hand, which is no collateral.
    name: 'the policy and a re-drive without room (refused, the worker exits), then room, the worker started and a second re-drive',
    steps: async () => [
      await policy('noeviction'),
      // Exit 1 when Redis refused some (its usual end here), 0 should all fit.
      { ...(await redrive()), exits: [0, 1] },
      await maxmemory('64mb'),
      await run('start', 'worker'),
      await redrive(),
    ],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  {
    name: 'a wrong first guess at the worker (more memory for it), then the right answer and the fix',
    firstGuess: ['worker', 'too-slow'],
    steps: async () => [await run('update', '--memory', '512m', '--memory-swap', '512m', 'worker'), ...(await cardFix())],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
];
