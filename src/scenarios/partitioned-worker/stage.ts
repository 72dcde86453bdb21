import { compose } from '../../docker/compose.js';
import { disconnectNetwork, type InspectInfo, inspectContainer, inspectLab } from '../../docker/engine.js';
import { LabError } from '../../errors.js';
import { baselineHead, containerRecord } from '../../kits/celery-redis/baseline-records.js';
import { readBrokerFacts } from '../../kits/celery-redis/broker/redis.js';
import { CONTAINERS, JOBS_BEFORE_IN_FLIGHT } from '../../kits/celery-redis/figures.js';
import { withLabRedis } from '../../kits/celery-redis/observe/lab-redis.js';
import { readLedger, seedBacklog, webServes } from '../../kits/celery-redis/observe/web-api.js';
import { stackWith } from '../../kits/celery-redis/stack-files.js';
import { type StackRunOptions, stackRun, startWebAndRedis } from '../../kits/celery-redis/stage-steps.js';
import type { StageContext } from '../../scenario/contract.js';
import { pollUntil } from '../../wait.js';
import type { Baseline } from './baseline.js';
import { BROKER_SOCKET_TIMEOUT_S, HEARTBEAT_LISTEN_MS, LAB_NETWORK } from './figures.js';
import { listenForConsumers } from './observe/consumers.js';

/** The shared stack with this outage's worker settings (compose/partitioned-worker/). */
export const partitionedWorkerStack = stackWith('partitioned-worker');

/** What the compose files read from their environment, for one lab: the stack's, and the worker's socket timeout. */
export const composeRun = (options: StackRunOptions) =>
  stackRun(partitionedWorkerStack, options, { AOL_BROKER_SOCKET_TIMEOUT: String(BROKER_SOCKET_TIMEOUT_S) });

const finishedCount = async (port: number) => (await readLedger(port)).entries.filter((entry) => entry.ready).length;

/**
 * The experiment, once the image is built and the earlier lab cleared: start web and redis,
 * confirm the steady state, seed the backlog, start the worker and let it finish a few exports,
 * then cut it from the lab's network while it runs (`docker network disconnect`), and confirm
 * what the card describes: every container Up, the worker on no network, no live consumer, the
 * queue not falling. Any surprise fails loudly: the lab is never handed over half-broken.
 */
export async function stagePartitionedWorker({ options, labToken, servicePassword: redisPassword, baseImage, step }: StageContext): Promise<Baseline> {
  const run = composeRun({ ...options, labToken, redisPassword, baseImage });
  await startWebAndRedis(run, { sitePort: options.sitePort, redisPassword }, step);

  const seeded = await step(`Queue ${options.backlog.toLocaleString('en-US')} export jobs`, async (detail) => {
    const reply = await seedBacklog(options.sitePort, labToken, options.backlog);
    detail(`enqueued in ${reply.enqueueMs.toFixed(0)} ms, ledger in ${reply.ledgerMs.toFixed(0)} ms`);
    return reply;
  });

  const cut = await step('Start the worker and wait for the outage to begin', async (detail) => {
    await compose(['up', '--detach', '--no-deps', '--no-build', 'worker'], run, 'Starting the worker');
    // The first small exports finished, and the large one taken: it is in `unacked`, in the worker's hands.
    await pollUntil(
      async () => ({
        finished: await finishedCount(options.sitePort),
        held: (await withLabRedis(redisPassword, readBrokerFacts)).unacked.some((job) => job.exportId === seeded.inFlightId),
      }),
      (seen) => seen.finished >= JOBS_BEFORE_IN_FLIGHT && seen.held,
      {
        what: `the worker to finish ${JOBS_BEFORE_IN_FLIGHT} exports and take the large one`,
        // Celery boots in 2 s on an idle laptop, in 45 s on a host loaded 15 times over.
        timeoutMs: 90_000,
        intervalMs: 100,
        describe: (seen) => (seen ? `${seen.finished} finished, the large one ${seen.held ? 'taken' : 'not taken yet'}` : 'nothing read yet'),
      },
    );
    const before = await inspectContainer('worker');
    const endpoint = before?.NetworkSettings.Networks?.[LAB_NETWORK];
    if (!before?.State.Running || !endpoint?.IPAddress || !endpoint.NetworkID) {
      throw new LabError(`The worker is not running on ${LAB_NETWORK} before the cut.`, { hint: 'See `docker ps -a` and `docker logs worker`.' });
    }
    await disconnectNetwork(LAB_NETWORK, 'worker');
    const partitionedAt = new Date().toISOString();
    detail('the worker started on an export');
    return { before, endpoint: { ...endpoint, IPAddress: endpoint.IPAddress, NetworkID: endpoint.NetworkID }, partitionedAt };
  });

  return step('Confirm the broken state and record a baseline', async (detail) => {
    const depthBefore = await withLabRedis(redisPassword, readBrokerFacts);
    const consumers = await listenForConsumers(redisPassword, HEARTBEAT_LISTEN_MS);
    const [facts, infos] = await Promise.all([withLabRedis(redisPassword, readBrokerFacts), inspectLab(CONTAINERS), webServes(options.sitePort, '/')]);
    const down = CONTAINERS.filter((name) => !infos[name]?.State.Running);
    if (down.length > 0)
      throw new LabError(`${down.join(' and ')} not running after the cut.`, { hint: 'See `docker ps -a`; `async-outage-lab reset` tries again.' });
    const worker = infos.worker as InspectInfo;
    const networks = Object.keys(worker.NetworkSettings.Networks ?? {});
    if (networks.length > 0)
      throw new LabError(`The worker is still on ${networks.join(', ')} after the cut.`, { hint: '`async-outage-lab reset` tries again.' });
    if (worker.RestartCount !== 0 || worker.State.StartedAt !== cut.before.State.StartedAt)
      throw new LabError('The worker restarted during the cut.', { hint: 'See `docker logs worker`.' });
    if (consumers.length > 0)
      throw new LabError(`A worker still beats on the broker after the cut: ${consumers.join(', ')}.`, { hint: '`async-outage-lab reset` tries again.' });
    if (facts.queueDepth < depthBefore.queueDepth) {
      throw new LabError(`The queue fell from ${depthBefore.queueDepth} to ${facts.queueDepth} after the cut: something still consumes it.`, {
        hint: 'See `docker ps`.',
      });
    }
    const web = infos.web as InspectInfo;
    const redis = infos.redis as InspectInfo;
    const finished = await finishedCount(options.sitePort);
    detail(`queue depth ${facts.queueDepth.toLocaleString('en-US')}, every container Up`);
    return {
      ...baselineHead(options, labToken),
      web: containerRecord(web),
      redis: { ...containerRecord(redis), runId: facts.runId, password: redisPassword },
      worker: {
        ...containerRecord(worker),
        // When the outage began: the moment the worker was cut off.
        finishedAt: cut.partitionedAt,
        network: { name: LAB_NETWORK, id: cut.endpoint.NetworkID, ipAddress: cut.endpoint.IPAddress, aliases: cut.endpoint.Aliases ?? [] },
      },
      backlog: {
        seededIds: seeded.ids,
        inFlightId: seeded.inFlightId,
        inFlightLostAtOutage: false,
        inFlightRows: seeded.inFlightRows,
        largestWaitingRows: seeded.largestWaitingRows,
        largeIds: seeded.largeIds,
        depthAtHandover: facts.queueDepth,
        seedMs: seeded.enqueueMs + seeded.ledgerMs,
        finishedBeforePartition: finished,
      },
    } satisfies Baseline;
  });
}
