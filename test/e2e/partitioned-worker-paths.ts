import { actions as a, action } from '../../tools/explore/actions.js';
import { connect, recreateWorker, waitForWork } from '../../tools/explore/partitioned-worker/actions.js';
import type { LearnerPath } from './paths.js';

/** The criteria of partitioned-worker, as `check --json` names them. */
type CriterionId = 'root-cause' | 'web-redis-untouched' | 'no-job-discarded' | 'worker-reconnected' | 'backlog-drained';

/**
 * The ways people fix, half-fix and damage the partitioned worker, each with the grade a correct
 * grader gives it: the fixes (reconnect, reconnect and restart, recreate on the network), the
 * restarts that leave it cut off, a wrong network, and the "clean-ups" of Redis.
 */
export type PartitionPath = LearnerPath<CriterionId>;

const SMALL = 60;
const cutOff: CriterionId[] = ['worker-reconnected', 'backlog-drained'];

export const paths: PartitionPath[] = [
  { name: 'no fix at all', backlog: SMALL, steps: [a.look()], grade: 'check', exitCode: 1, failing: cutOff },
  { name: 'the fix: network connect, then check --wait', backlog: SMALL, steps: [connect()], grade: 'wait', exitCode: 0, failing: [] },
  {
    name: "restart redis first (the team's instinct), then the fix",
    backlog: SMALL,
    steps: [a.restartRedis(), connect()],
    grade: 'wait',
    exitCode: 1,
    failing: ['web-redis-untouched'],
  },
  { name: 'restart the worker only: it comes back cut off', backlog: SMALL, steps: [a.restartWorker()], grade: 'check', exitCode: 1, failing: cutOff },
  { name: 'kill the worker, start it again: still cut off', backlog: SMALL, steps: [a.killWorker(), a.start()], grade: 'check', exitCode: 1, failing: cutOff },
  { name: 'network connect, then restart the worker', backlog: SMALL, steps: [connect(), a.restartWorker()], grade: 'wait', exitCode: 0, failing: [] },
  {
    name: 'stop the worker, network connect, start it',
    backlog: SMALL,
    steps: [action('stop worker', ['stop', 'worker']), connect(), a.start()],
    grade: 'wait',
    exitCode: 0,
    failing: [],
  },
  { name: 'recreate the worker on the lab network', backlog: SMALL, steps: [recreateWorker()], grade: 'wait', exitCode: 0, failing: [] },
  { name: 'connect it to the wrong network (bridge)', backlog: SMALL, steps: [connect('bridge')], grade: 'check', exitCode: 1, failing: cutOff },
  { name: 'restart web, then the fix', backlog: SMALL, steps: [a.restartWeb(), connect()], grade: 'wait', exitCode: 1, failing: ['web-redis-untouched'] },
  {
    name: 'FLUSHALL, then the fix',
    backlog: SMALL,
    steps: [a.flushAll(), connect(), waitForWork()],
    grade: 'check',
    exitCode: 1,
    failing: ['no-job-discarded', 'backlog-drained'],
  },
  {
    name: 'DEL celery, then the fix',
    backlog: SMALL,
    steps: [a.deleteQueue(), connect(), waitForWork()],
    grade: 'check',
    exitCode: 1,
    failing: ['no-job-discarded', 'backlog-drained'],
  },
  {
    name: 'the fix with a wrong cause stated (redis is down)',
    backlog: SMALL,
    steps: [connect()],
    grade: 'wait',
    statement: ['redis', 'down'],
    exitCode: 1,
    failing: ['root-cause'],
  },
];
