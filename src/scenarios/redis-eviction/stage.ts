import { type ComposeRun, compose } from '../../docker/compose.js';
import { inspectLab } from '../../docker/engine.js';
import { LabError } from '../../errors.js';
import { baselineHead } from '../../kits/celery-redis/baseline-records.js';
import { redisPortOf, withLabRedis } from '../../kits/celery-redis/observe/lab-redis.js';
import { missingIds, settleMissing } from '../../kits/celery-redis/observe/settle.js';
import { httpStatus } from '../../kits/celery-redis/observe/web-api.js';
import { type StackRunOptions, stackRun } from '../../kits/celery-redis/stage-steps.js';
import type { StageContext } from '../../scenario/contract.js';
import { pollUntil } from '../../wait.js';
import type { Baseline } from './baseline.js';
import { CACHE_MAXMEMORY, CACHE_POLICY, HANDOVER_SETTLE_MS, LOSS_TIMEOUT_MS } from './figures.js';
import { sendBurst } from './observe/burst-api.js';
import { observeRedis, observeWeb } from './observe/lab-reads.js';
import { readMemoryFacts } from './observe/read-memory.js';
import { CONTAINERS } from './observe/snapshot.js';
import { redisEvictionStack } from './stack-files.js';

export const composeRun = (options: StackRunOptions): ComposeRun => stackRun(redisEvictionStack, options, { AOL_REDIS_MAXMEMORY: CACHE_MAXMEMORY });

/**
 * The experiment: start the stack with Redis as a cache, confirm the steady state, send the busy
 * hour, and wait until Redis has evicted accepted work (exports in the ledger that are neither
 * finished nor anywhere in Redis, after re-reads) while the worker runs. Any surprise fails loudly.
 */
export async function stageRedisEviction({ options, labToken, servicePassword, baseImage, step }: StageContext): Promise<Baseline> {
  const run = composeRun({ ...options, labToken, redisPassword: servicePassword, baseImage });
  const lab = { sitePort: options.sitePort, redis: { password: servicePassword } };

  await step('Start redis, web and worker; wait for PONG and HTTP 200', async (detail) => {
    await compose(['up', '--detach', '--no-build', 'redis', 'web', 'worker'], run, 'Starting the stack');
    const port = redisPortOf((await inspectLab(['redis'])).redis);
    if (!port) throw new LabError('redis started but publishes no port on 127.0.0.1.', { hint: 'Look at `docker port redis`.' });
    await pollUntil(
      () => withLabRedis(servicePassword, readMemoryFacts),
      (facts) => facts.policy === CACHE_POLICY,
      {
        what: `redis to answer with its ${CACHE_POLICY} policy`,
        timeoutMs: 20_000,
        intervalMs: 100,
        describe: (facts, error) => (facts ? `policy ${facts.policy}` : `no answer: ${String(error)}`),
      },
    );
    await pollUntil(
      () => httpStatus(options.sitePort, '/healthz', 1000),
      (status) => status === 200,
      { what: `the web to answer GET /healthz on 127.0.0.1:${options.sitePort}`, timeoutMs: 30_000, intervalMs: 100 },
    );
    detail(`redis on 127.0.0.1:${port}, web on 127.0.0.1:${options.sitePort}`);
  });

  const burst = await step(`Send a busy hour: ${options.backlog.toLocaleString('en-US')} exports at once`, async (detail) => {
    const reply = await sendBurst(options.sitePort, labToken, options.backlog);
    if (reply.refused > 0)
      throw new LabError(`Redis refused ${reply.refused} of the busy hour's exports (${reply.firstError ?? '?'}); a cache evicts instead of refusing.`, {
        hint: '`docker exec redis redis-cli CONFIG GET maxmemory*`',
      });
    detail(`${reply.accepted.length} accepted in ${reply.ms} ms`);
    return reply;
  });

  const lost = await step('Wait for the outage to begin', async (detail) => {
    const seen = await pollUntil(
      async () => {
        const redis = await observeRedis(lab);
        const web = await observeWeb(options.sitePort);
        if (!redis.broker.reachable || !web.reachable || !redis.memory) return { missing: [] as string[], redis, web };
        const settled = await settleMissing(
          redis.broker,
          web,
          async () => (await observeRedis(lab)).broker,
          () => observeWeb(options.sitePort),
          HANDOVER_SETTLE_MS,
        );
        return { missing: missingIds(settled.broker, settled.web.ledger ?? []), redis, web: settled.web };
      },
      (reading) => reading.missing.length > 0 && (reading.redis.memory?.evictedKeys ?? 0) > 0,
      {
        what: 'Redis to have evicted queued exports',
        timeoutMs: LOSS_TIMEOUT_MS,
        intervalMs: 250,
        describe: (r) => (r ? `${r.missing.length} missing, evicted_keys ${r.redis.memory?.evictedKeys ?? '?'}` : 'no reading'),
      },
    );
    detail(`${seen.missing.length} accepted exports will not arrive as things stand`);
    return seen;
  });

  return step('Confirm the state and record a baseline', async (detail) => {
    const infos = await inspectLab(CONTAINERS);
    for (const name of CONTAINERS) {
      if (!infos[name]?.State.Running)
        throw new LabError(`${name} is not running after the busy hour.`, { hint: `See \`docker ps -a\` and \`docker logs ${name}\`.` });
    }
    const memory = lost.redis.memory!;
    const baseline: Baseline = {
      ...baselineHead(options, labToken),
      web: { id: infos.web!.Id, startedAt: infos.web!.State.StartedAt },
      worker: { id: infos.worker!.Id, startedAt: infos.worker!.State.StartedAt },
      redis: { id: infos.redis!.Id, startedAt: infos.redis!.State.StartedAt, runId: lost.redis.broker.runId ?? '', password: servicePassword },
      busyHour: {
        acceptedIds: burst.accepted,
        lostIds: lost.missing,
        evictedKeys: memory.evictedKeys,
        usedMemory: memory.usedMemory,
        maxmemory: memory.maxmemory,
        policy: memory.policy,
        depthAtHandover: lost.redis.broker.queueDepth ?? 0,
        burstMs: burst.ms,
      },
    };
    detail(`${lost.missing.length.toLocaleString('en-US')} exports missing, queue ${baseline.busyHour.depthAtHandover.toLocaleString('en-US')}`);
    return baseline;
  });
}
