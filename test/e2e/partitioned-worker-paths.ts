import { pollUntil } from '../../src/wait.js';
import { type Action, type ActionRun, actions as a, action, docker } from '../../tools/explore/actions.js';
import { dockerCli } from '../../tools/playthrough/learner.js';
import type { LearnerPath } from './paths.js';

/** The criteria of partitioned-worker, as `check --json` names them. */
type CriterionId = 'root-cause' | 'web-redis-untouched' | 'no-job-discarded' | 'worker-reconnected' | 'backlog-drained';

/**
 * The ways people fix, half-fix and damage the partitioned worker, each with the grade a correct
 * grader gives it: the fixes (reconnect, reconnect and restart, recreate on the network), the
 * restarts that leave it cut off, a wrong network, and the "clean-ups" of Redis.
 */
export type PartitionPath = LearnerPath<CriterionId>;

const NETWORK = 'async-outage-lab_default';

const connect = (network = NETWORK) => action(`network connect ${network} worker`, ['network', 'connect', network, 'worker']);

/**
 * `docker rm -f worker`, then `docker run` of a new `worker` on the lab's network with the same
 * image, command, user, environment and exports volume, read from the old one first, as a
 * learner copies them from `docker inspect`.
 */
const recreateOnNetwork = (): Action => ({
  name: 'recreate worker on the lab network (docker rm -f, docker run)',
  run: async () => {
    const runs: ActionRun['commands'] = [];
    const inspect = await docker(runs, 'inspect', 'worker', '--format', '{{json .Config}}');
    const config = JSON.parse(inspect.out) as { Image: string; Cmd: string[]; User: string; WorkingDir: string; Env: string[]; Labels: Record<string, string> };
    await docker(runs, 'rm', '-f', 'worker');
    const env = config.Env.filter((entry) => /^(BROKER_URL|EXPORTS_DIR|AOL_BROKER_SOCKET_TIMEOUT)=/.test(entry)).flatMap((entry) => ['--env', entry]);
    await docker(
      runs,
      'run',
      '--detach',
      '--name',
      'worker',
      '--hostname',
      'worker',
      '--network',
      NETWORK,
      '--user',
      config.User,
      '--workdir',
      config.WorkingDir,
      '--memory',
      '512m',
      '--memory-swap',
      '512m',
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--volume',
      'async-outage-lab_exports:/var/lib/exports',
      ...env,
      config.Image,
      ...config.Cmd,
    );
    return { commands: runs };
  },
});

/**
 * Until the worker's log shows an export finished since this step began, at most `timeoutMs`: it
 * consumes again. (A short cut heals without a "Connected to" line: its old connections resume.)
 */
const waitForWork = (timeoutMs = 120_000): Action => ({
  name: 'wait until the worker finishes an export',
  run: async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    await pollUntil(
      () => dockerCli('logs', '--since', since, 'worker'),
      (result) => / succeeded in /.test(result.all),
      {
        what: 'the worker to finish an export after the fix',
        timeoutMs,
        intervalMs: 1000,
        describe: () => 'no "succeeded" line yet',
      },
    );
    return { commands: [] };
  },
});

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
  { name: 'recreate the worker on the lab network', backlog: SMALL, steps: [recreateOnNetwork()], grade: 'wait', exitCode: 0, failing: [] },
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
