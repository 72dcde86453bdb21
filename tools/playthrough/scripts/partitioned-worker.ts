import { LAB_NETWORK } from '../../explore/partitioned-worker/actions.js';
import { dockerCli, httpCode, psStatuses, queueLength } from '../learner.js';
import type { PlaythroughScript } from '../script.js';

/** The worker's restart count and networks, as `docker inspect` prints them: `0 {}` when cut off. */
const workerNetworks = async () => (await dockerCli('inspect', 'worker', '--format', '{{.RestartCount}} {{json .NetworkSettings.Networks}}')).out;

/**
 * What the card says a learner sees: every container Up and never restarted, the worker on no
 * network, redis answering, web taking orders, and the queue climbing. Throws every difference.
 */
async function brokenState(sitePort: number): Promise<string> {
  const statuses = await psStatuses();
  const problems = ['web', 'redis', 'worker'].filter((name) => !/^Up /.test(statuses[name] ?? '')).map((name) => `${name} is "${statuses[name]}", not Up`);
  const worker = await workerNetworks();
  if (worker !== '0 {}') problems.push(`worker RestartCount and networks are "${worker}", not "0 {}"`);
  const ping = (await dockerCli('exec', 'redis', 'redis-cli', 'PING')).out;
  if (ping !== 'PONG') problems.push(`redis answered "${ping}" to PING`);
  // From web, redis's name resolves: redis is fine. (Asked from the cut-off worker, the resolver
  // takes about 10 s to give up: the networks above say the same at once.)
  const fromWeb = await dockerCli('exec', 'web', 'getent', 'hosts', 'redis');
  if (fromWeb.exitCode !== 0) problems.push(`web cannot resolve redis (getent exit ${fromWeb.exitCode})`);
  const root = await httpCode(sitePort, '/');
  if (root !== 200) problems.push(`GET / answered ${root}`);
  const depth = await queueLength();
  // Customers order about every 3 s and nothing consumes: the queue climbs.
  let depthLater = depth;
  for (let i = 0; i < 20 && depthLater <= depth; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    depthLater = await queueLength();
  }
  if (depthLater <= depth) problems.push(`LLEN celery did not climb (${depth} -> ${depthLater})`);
  if (problems.length) throw new Error(problems.join('\n'));
  return `web ${statuses.web}; redis ${statuses.redis}; worker ${statuses.worker}, RestartCount and networks ${worker}; LLEN ${depth} -> ${depthLater}`;
}

/** partitioned-worker: every container Up, the worker cut off from the lab's network. */
export const partitionedWorker: PlaythroughScript = {
  statement: ['worker', 'lost-network'],
  brokenState,
  failingBeforeFix: ['worker-reconnected', 'backlog-drained'],
  wrongFix: {
    name: 'restart redis, as the team wants',
    command: 'docker restart redis',
    failing: ['web-redis-untouched', 'worker-reconnected', 'backlog-drained'],
    ruleBreak: /restart redis/,
  },
  fix: { command: `docker network connect ${LAB_NETWORK} worker`, recorded: 1 },
  afterFix: async () => {
    const networks = Object.keys(JSON.parse((await dockerCli('inspect', 'worker', '--format', '{{json .NetworkSettings.Networks}}')).out || '{}') as object);
    if (!networks.includes(LAB_NETWORK)) throw new Error(`the worker is on ${networks.join(', ') || 'no network'} after the fix`);
    const depth = await queueLength();
    if (depth > 3) throw new Error(`LLEN celery is ${depth} after the drain`);
    return `worker on ${networks.join(', ')}; LLEN celery now ${depth}`;
  },
};
