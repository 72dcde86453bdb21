import { pollUntil } from '../../../src/wait.js';
import { dockerCli } from '../../playthrough/learner.js';
import { type Action, type ActionRun, action, docker } from '../actions.js';

/**
 * What a learner types on the partitioned worker, beyond the shared moves of ../actions.ts:
 * network connect and disconnect (with and without aliases), looks from inside the worker, a
 * recreation by hand, and the wait for the worker to finish an export again. The path corpus and
 * the randomized learner both use them.
 */

/** The lab's network, as `docker network ls` shows it: compose's default network of the project. */
export const LAB_NETWORK = 'async-outage-lab_default';

export const connect = (network = LAB_NETWORK, alias?: string) =>
  action(`network connect${alias ? ` --alias ${alias}` : ''} ${network} worker`, [
    'network',
    'connect',
    ...(alias ? ['--alias', alias] : []),
    network,
    'worker',
  ]);

export const disconnect = (container = 'worker', network = LAB_NETWORK) =>
  action(`network disconnect ${network} ${container}`, ['network', 'disconnect', network, container]);

/** The card's fix, in one action list. */
export const cardFix = () => [connect()];

export const lookAtNetworks = () =>
  action(
    'look at the networks',
    ['ps', '-a'],
    ['inspect', 'worker', '--format', '{{.RestartCount}} {{json .NetworkSettings.Networks}}'],
    ['logs', '--tail', '5', 'worker'],
    ['exec', 'redis', 'redis-cli', 'LLEN', 'celery'],
    ['network', 'inspect', LAB_NETWORK, '--format', '{{range .Containers}}{{.Name}} {{end}}'],
  );

/** "Can the worker see redis?", as people ask it from inside: the image has getent, no ping. */
export const resolveFromWorker = () => action('exec worker getent hosts redis', ['exec', 'worker', 'getent', 'hosts', 'redis']);
export const pingFromWorker = () => action('exec worker ping -c 1 redis', ['exec', 'worker', 'ping', '-c', '1', 'redis']);

export const pauseWorker = () => action('pause worker', ['pause', 'worker']);
export const unpauseWorker = () => action('unpause worker', ['unpause', 'worker']);

/**
 * `docker rm -f worker`, then `docker run` of a new `worker` with the same image, command, user,
 * environment and exports volume, read from the old one first, as a learner copies them from
 * `docker inspect`: on the lab's network, or with no `--network` at all (Docker's default bridge,
 * as one who copies only the command and environment gets).
 */
export const recreateWorker = (onLabNetwork = true): Action => ({
  name: `recreate worker ${onLabNetwork ? `on ${LAB_NETWORK}` : 'without --network'} (docker rm -f, docker run)`,
  run: async () => {
    const runs: ActionRun['commands'] = [];
    const inspect = await docker(runs, 'inspect', 'worker', '--format', '{{json .Config}}');
    if (inspect.exitCode !== 0) return { commands: runs };
    const config = JSON.parse(inspect.out) as { Image: string; Cmd: string[]; User: string; WorkingDir: string; Env: string[] };
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
      ...(onLabNetwork ? ['--network', LAB_NETWORK] : []),
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
export const waitForWork = (timeoutMs = 120_000): Action => ({
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
