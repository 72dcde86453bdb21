import { pollUntil } from '../../src/wait.js';
import { dockerCli } from '../playthrough/learner.js';

/**
 * What a learner types, as named actions over the docker CLI: the vocabulary of the path corpus
 * and of the randomized learner. Each runs real commands and returns what it ran, with exit codes.
 */
export interface ActionRun {
  commands: Array<{ command: string; exitCode: number }>;
}

export interface Action {
  /** How a path prints it: `update --memory 512m --memory-swap 512m`, `wait 4s`. */
  name: string;
  run: () => Promise<ActionRun>;
}

/** Runs one docker command and records it with its exit code. */
export async function docker(runs: ActionRun['commands'], ...args: string[]) {
  const result = await dockerCli(...args);
  runs.push({ command: `docker ${args.join(' ')}`, exitCode: result.exitCode });
  return result;
}

/** An action of fixed docker commands, run in order. */
export const action = (name: string, ...commands: string[][]): Action => ({
  name,
  run: async () => {
    const runs: ActionRun['commands'] = [];
    for (const args of commands) await docker(runs, ...args);
    return { commands: runs };
  },
});

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const actions = {
  look: () =>
    action(
      'look around',
      ['ps', '-a'],
      ['inspect', 'worker', '--format', '{{.State.OOMKilled}} / {{.State.ExitCode}}'],
      ['logs', '--tail', '5', 'worker'],
      ['exec', 'redis', 'redis-cli', 'LLEN', 'celery'],
    ),
  start: () => action('start worker', ['start', 'worker']),
  update: (memory: string, swap?: string) =>
    action(`update --memory ${memory}${swap ? ` --memory-swap ${swap}` : ''}`, [
      'update',
      '--memory',
      memory,
      ...(swap ? ['--memory-swap', swap] : []),
      'worker',
    ]),
  restartPolicy: (policy: string) => action(`update --restart ${policy}`, ['update', '--restart', policy, 'worker']),
  restartWorker: () => action('restart worker', ['restart', 'worker']),
  stopStartWorker: () => action('stop worker, start worker', ['stop', 'worker'], ['start', 'worker']),
  killWorker: () => action('kill worker', ['kill', 'worker']),
  pauseWorker: () => action('pause worker', ['pause', 'worker']),
  restartWeb: () => action('restart web', ['restart', 'web']),
  restartRedis: () => action('restart redis', ['restart', 'redis']),
  flushAll: () => action('redis-cli FLUSHALL', ['exec', 'redis', 'redis-cli', 'FLUSHALL']),
  flushDb: () => action('redis-cli FLUSHDB', ['exec', 'redis', 'redis-cli', 'FLUSHDB']),
  deleteQueue: () => action('redis-cli DEL celery', ['exec', 'redis', 'redis-cli', 'DEL', 'celery']),
  trimQueue: (keep: number) => action(`redis-cli LTRIM celery 0 ${keep - 1}`, ['exec', 'redis', 'redis-cli', 'LTRIM', 'celery', '0', String(keep - 1)]),
  /** "Skip the job at the head": the oldest waiting export, taken off and dropped. */
  dropOldestJob: () => action('redis-cli RPOP celery', ['exec', 'redis', 'redis-cli', 'RPOP', 'celery']),
  /** "Clear the stuck job": every delivery kombu still holds in `unacked`, deleted. */
  clearUnacked: () => action('redis-cli DEL unacked unacked_index', ['exec', 'redis', 'redis-cli', 'DEL', 'unacked', 'unacked_index']),
  /** The oldest delivery in `unacked` (the outage's in-flight export), removed from the hash only. */
  dropOldestUnacked: (): Action => ({
    name: 'redis-cli HDEL unacked <oldest delivery>',
    run: async () => {
      const runs: ActionRun['commands'] = [];
      const oldest = (await docker(runs, 'exec', 'redis', 'redis-cli', 'ZRANGE', 'unacked_index', '0', '0')).out.trim();
      if (oldest) await docker(runs, 'exec', 'redis', 'redis-cli', 'HDEL', 'unacked', oldest);
      return { commands: runs };
    },
  }),
  wait: (ms: number): Action => ({
    name: `wait ${(ms / 1000).toFixed(1)}s`,
    run: async () => {
      await pause(ms);
      return { commands: [] };
    },
  }),
  /** Until the worker is no longer running (it died again), at most `timeoutMs`. */
  waitForWorkerExit: (timeoutMs = 60_000): Action => ({
    name: 'wait for the worker to exit',
    run: async () => {
      await pollUntil(
        () => dockerCli('inspect', 'worker', '--format', '{{.State.Status}}'),
        (result) => result.out === 'exited',
        {
          what: 'the worker to exit',
          timeoutMs,
          intervalMs: 250,
          describe: (last) => `worker ${last?.out ?? 'unknown'}`,
        },
      );
      return { commands: [] };
    },
  }),
  /** Until the worker holds at least one delivery (it is mid-drain), at most `timeoutMs`. */
  waitForDrainUnderway: (timeoutMs = 30_000): Action => ({
    name: 'wait until the worker is draining',
    run: async () => {
      await pollUntil(
        () => dockerCli('exec', 'redis', 'redis-cli', 'LLEN', 'celery'),
        (result) => result.exitCode === 0,
        { what: 'redis to answer', timeoutMs, intervalMs: 250 },
      );
      const first = Number((await dockerCli('exec', 'redis', 'redis-cli', 'LLEN', 'celery')).out);
      await pollUntil(
        () => dockerCli('exec', 'redis', 'redis-cli', 'LLEN', 'celery'),
        (result) => Number(result.out) < first - 5 || Number(result.out) === 0,
        {
          what: 'the queue to fall while the worker runs',
          timeoutMs,
          intervalMs: 250,
          describe: (last) => `LLEN ${last?.out ?? '?'}`,
        },
      );
      return { commands: [] };
    },
  }),
};

/** Until the queue holds at most `depth` jobs, at most `timeoutMs`. */
export const waitForQueueAtMost = (depth: number, timeoutMs = 60_000): Action => ({
  name: `wait until the queue is at most ${depth}`,
  run: async () => {
    await pollUntil(
      () => dockerCli('exec', 'redis', 'redis-cli', 'LLEN', 'celery'),
      (result) => result.exitCode === 0 && Number(result.out) <= depth,
      {
        what: `the queue to fall to ${depth}`,
        timeoutMs,
        intervalMs: 250,
        describe: (last) => `LLEN ${last?.out ?? '?'}`,
      },
    );
    return { commands: [] };
  },
});

/** The card's fix, in one action list. */
export const cardFix = () => [actions.update('512m', '512m'), actions.start()];
