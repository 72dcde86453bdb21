import { pollUntil } from '../../../src/wait.js';
import { dockerCli } from '../../playthrough/learner.js';
import { type Action, type ActionRun, docker, actions as shared } from '../actions.js';

/**
 * What a learner types against poison-loop, as named actions over the real docker CLI (redis-cli
 * through `docker exec`): the moves of its path corpus and of its randomized learner. Each returns
 * the commands it ran with their exit codes.
 */
type Runs = ActionRun['commands'];

const redisCli = (runs: Runs, ...args: string[]) => docker(runs, 'exec', 'redis', 'redis-cli', ...args);
/** A pipe inside the redis container, as a learner writes one (`sh -c`, REDISCLI_AUTH set there). */
const redisShell = (runs: Runs, script: string) => docker(runs, 'exec', 'redis', 'sh', '-c', script);

const act = (name: string, body: (runs: Runs) => Promise<unknown>): Action => ({
  name,
  run: async () => {
    const runs: Runs = [];
    await body(runs);
    return { commands: runs };
  },
});

/** How a learner tells the export the worker dies on: its id starts as in the worker's last log line. */
const POISON_MARK = '"id": "5a1f';

/** The delivery tag in `unacked` whose message is the 5a1f… export, as a learner finds it (HKEYS, then HGET each). */
async function poisonTag(runs: Runs, timeoutMs = 6000): Promise<string> {
  const found = await pollUntil(
    async () => {
      const tags = (await redisCli(runs, 'HKEYS', 'unacked')).out.split('\n').filter(Boolean);
      for (const tag of tags) if ((await redisCli(runs, 'HGET', 'unacked', tag)).out.includes(POISON_MARK)) return tag;
      return undefined;
    },
    (tag) => tag !== undefined,
    { what: 'the 5a1f… export in `unacked`', timeoutMs, intervalMs: 200 },
  );
  return found!;
}

/** HGET the delivery into `key` (RPUSH), then take it out of `unacked` (HDEL, and ZREM unless told not to). */
async function copyOutOfUnacked(runs: Runs, tag: string, key: string, options: { zrem?: boolean; remove?: boolean } = {}) {
  await redisShell(runs, `redis-cli HGET unacked '${tag}' | redis-cli -x RPUSH '${key}'`);
  if (options.remove === false) return;
  await redisCli(runs, 'HDEL', 'unacked', tag);
  if (options.zrem !== false) await redisCli(runs, 'ZREM', 'unacked_index', tag);
}

/**
 * `docker update --restart <policy> worker`, typed again while the engine refuses it because the
 * worker died during the update (Engine 20.10: "Cannot update container …: container not
 * running"; the old policy then stays), as a learner retypes it. Records the attempt that took.
 */
async function setRestartPolicy(runs: Runs, policy: string) {
  const result = await pollUntil(
    () => dockerCli('update', '--restart', policy, 'worker'),
    (r) => r.exitCode === 0 || !/not running/.test(r.all),
    { what: `the engine to take \`docker update --restart ${policy} worker\``, timeoutMs: 15_000, intervalMs: 300, describe: (r) => r?.all ?? '?' },
  );
  runs.push({ command: `docker update --restart ${policy} worker`, exitCode: result.exitCode });
}

const waitFor = (what: string, status: (s: string) => boolean, timeoutMs: number) =>
  pollUntil(
    () => dockerCli('inspect', 'worker', '--format', '{{.State.Status}} {{.State.StartedAt}}'),
    (r) => status(r.out.split(' ')[0] ?? ''),
    {
      what,
      timeoutMs,
      intervalMs: 250,
      describe: (r) => `worker ${r?.out ?? '?'}`,
    },
  );

export const poison = {
  look: () =>
    act('look around', async (runs) => {
      await docker(runs, 'ps', '-a');
      await docker(runs, 'inspect', 'worker', '--format', '{{.RestartCount}} {{.State.OOMKilled}} {{.State.ExitCode}}');
      await docker(runs, 'logs', '--tail', '3', 'worker');
      await redisCli(runs, 'HLEN', 'unacked');
    }),
  /** What a learner reads to find the export: the queue's consuming end and what `unacked` holds. */
  readRedis: () =>
    act('read the queue tail and unacked', async (runs) => {
      await redisCli(runs, 'LLEN', 'celery');
      await redisCli(runs, 'LRANGE', 'celery', '-3', '-1');
      await redisCli(runs, 'HGETALL', 'unacked');
    }),
  /** Stop the loop first: no more restarts, then the worker's next death leaves it exited. */
  stopLoop: () =>
    act('update --restart no, wait for the worker to exit', async (runs) => {
      await setRestartPolicy(runs, 'no');
      await waitFor('the worker to exit after its restart policy was removed', (s) => s === 'exited', 90_000);
    }),
  /** Stop the loop at once: no more restarts, and the worker stopped by hand. */
  stopLoopNow: () =>
    act('update --restart no, stop worker', async (runs) => {
      await setRestartPolicy(runs, 'no');
      await docker(runs, 'stop', 'worker');
    }),
  stopWorker: () => act('stop worker', (runs) => docker(runs, 'stop', 'worker')),
  restorePolicy: () => shared.restartPolicy('unless-stopped'),
  start: () => shared.start(),
  moveFromUnacked: (key = 'exports.dead-letter', options: { zrem?: boolean; remove?: boolean } = {}) =>
    act(
      `HGET unacked <5a1f tag> | RPUSH ${key}${options.remove === false ? '' : ' + HDEL'}${options.zrem === false || options.remove === false ? '' : ' + ZREM'}`,
      async (runs) => copyOutOfUnacked(runs, await poisonTag(runs), key, options),
    ),
  /**
   * Wherever it is now: out of `unacked` into `key` (HGET, RPUSH, HDEL, ZREM), or, when the
   * restore has just put it back at the queue's consuming end, LMOVEd from there. One look: with
   * the worker stopped first, the export is in one of the two or nowhere.
   */
  setAside: (key = 'exports.dead-letter') =>
    act(`set the 5a1f export aside in ${key}, from unacked or the queue's tail`, async (runs) => {
      const tail = (await redisCli(runs, 'LINDEX', 'celery', '-1')).out;
      if (tail.includes(POISON_MARK)) return redisCli(runs, 'LMOVE', 'celery', key, 'RIGHT', 'LEFT');
      return copyOutOfUnacked(runs, await poisonTag(runs, 1000), key);
    }),
  /** Into a hash field named after the delivery tag. */
  moveToHash: (key = 'exports:quarantine') =>
    act(`HGET unacked <5a1f tag> | HSET ${key} <tag> + HDEL + ZREM`, async (runs) => {
      const tag = await poisonTag(runs);
      await redisShell(runs, `redis-cli HGET unacked '${tag}' | redis-cli -x HSET '${key}' '${tag}'`);
      await redisCli(runs, 'HDEL', 'unacked', tag);
      await redisCli(runs, 'ZREM', 'unacked_index', tag);
    }),
  /** The message put back at the consuming end of the queue by hand (as kombu's restore does), then LMOVEd aside. */
  handRestoreThenLmove: (key = 'exports.dead-letter') =>
    act(`hand restore to the queue's tail, then LMOVE celery ${key} RIGHT LEFT`, async (runs) => {
      const tag = await poisonTag(runs);
      await redisShell(
        runs,
        `redis-cli HGET unacked '${tag}' | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[0]))' | redis-cli -x RPUSH celery`,
      );
      await redisCli(runs, 'HDEL', 'unacked', tag);
      await redisCli(runs, 'ZREM', 'unacked_index', tag);
      await redisCli(runs, 'LMOVE', 'celery', key, 'RIGHT', 'LEFT');
    }),
  /** LMOVE the queue's consuming end aside without looking: while the worker loops, that is the next innocent export. */
  lmoveTail: (key = 'exports.dead-letter') => act(`LMOVE celery ${key} RIGHT LEFT`, (runs) => redisCli(runs, 'LMOVE', 'celery', key, 'RIGHT', 'LEFT')),
  /** "Clear the stuck job": the poison delivery deleted from `unacked` and its index. */
  deletePoison: () =>
    act('HDEL unacked <5a1f tag> + ZREM', async (runs) => {
      const tag = await poisonTag(runs);
      await redisCli(runs, 'HDEL', 'unacked', tag);
      await redisCli(runs, 'ZREM', 'unacked_index', tag);
    }),
  flushAll: () => shared.flushAll(),
  memory: (size: string) => shared.update(size, size),
  restartWeb: () => shared.restartWeb(),
  restartWorker: () => shared.restartWorker(),
  /** Until the worker has run for `ms` without dying (Docker's back-off may hold it a while first). */
  waitUntilUp: (ms = 4000, timeoutMs = 120_000): Action =>
    act(`wait until the worker has been up ${ms / 1000} s`, async () => {
      await pollUntil(
        () => dockerCli('inspect', 'worker', '--format', '{{.State.Status}} {{.State.StartedAt}}'),
        (r) => {
          const [status, started] = r.out.split(' ');
          return status === 'running' && Date.now() - Date.parse(started ?? '') >= ms;
        },
        { what: `the worker to stay up ${ms} ms`, timeoutMs, intervalMs: 250, describe: (r) => `worker ${r?.out ?? '?'}` },
      );
    }),
  wait: (ms: number) => shared.wait(ms),
};

/** The card's fix: stop the loop, move the poison export aside, start the worker, give it back its policy. */
export const cardFix = () => [poison.stopLoop(), poison.moveFromUnacked(), poison.start(), poison.restorePolicy(), poison.waitUntilUp()];
