import { compose } from '../../docker/compose.js';
import { containerLogs, inspectContainer, inspectLab } from '../../docker/engine.js';
import { LabError } from '../../errors.js';
import { baselineHead, containerRecord, redisRecord } from '../../kits/celery-redis/baseline-records.js';
import { decodeEnvelope } from '../../kits/celery-redis/broker/envelope.js';
import { readBrokerFacts, UNACKED_HASH } from '../../kits/celery-redis/broker/redis.js';
import { CONTAINERS } from '../../kits/celery-redis/figures.js';
import { withLabRedis } from '../../kits/celery-redis/observe/lab-redis.js';
import { seedBacklog, webServes } from '../../kits/celery-redis/observe/web-api.js';
import { type StackRunOptions, stackRun, startWebAndRedis } from '../../kits/celery-redis/stage-steps.js';
import { plural } from '../../kits/celery-redis/wording.js';
import type { StageContext } from '../../scenario/contract.js';
import { pollUntil } from '../../wait.js';
import type { PoisonBaseline } from './baseline.js';
import { SEGFAULT_EXIT, VISIBILITY_TIMEOUT_S, WORKER_CAP } from './figures.js';
import { poisonLoopStack } from './stack-files.js';
import { runsOfLog } from './worker-log.js';

export const poisonComposeRun = (options: StackRunOptions) =>
  stackRun(poisonLoopStack, options, { AOL_WORKER_MEMORY: WORKER_CAP, AOL_VISIBILITY_TIMEOUT: String(VISIBILITY_TIMEOUT_S) });

/** The poison export's message body as Redis holds it (in `unacked`, or back in the queue for an instant). */
async function poisonBody(password: string, id: string): Promise<{ body: string; where: string } | undefined> {
  return withLabRedis(password, async (redis) => {
    for (const raw of Object.values(await redis.hgetall(UNACKED_HASH))) {
      const [message] = JSON.parse(raw) as [unknown];
      const decoded = decodeEnvelope(JSON.stringify(message));
      if (decoded.id === id) return { body: decoded.envelope.body, where: 'unacked' };
    }
    for (const raw of await redis.lrange('celery', -5, -1)) {
      const decoded = decodeEnvelope(raw);
      if (decoded.id === id) return { body: decoded.envelope.body, where: 'the queue' };
    }
    return undefined;
  });
}

/** How long each wait of the staging may take: a loaded host starts containers slowly. */
const STAGE_TIMEOUT_MS = 120_000;

/**
 * The experiment: start web and redis, confirm the steady state, seed the backlog with the poison
 * export fourth in line, start the hardened worker, and wait until it has died on that export
 * (a real SIGSEGV, exit 139), been started again by Docker and been handed the same delivery
 * again by kombu's restore. Then record the baseline. Anything else fails loudly.
 */
export async function stagePoisonLoop({ options, labToken, servicePassword: redisPassword, baseImage, step }: StageContext): Promise<PoisonBaseline> {
  const run = poisonComposeRun({ ...options, labToken, redisPassword, baseImage });
  await startWebAndRedis(run, { sitePort: options.sitePort, redisPassword }, step);

  const seeded = await step(`Queue ${options.backlog.toLocaleString('en-US')} export jobs`, async (detail) => {
    const reply = await seedBacklog(options.sitePort, labToken, options.backlog, 'poison-export');
    detail(`enqueued in ${reply.enqueueMs.toFixed(0)} ms, ledger in ${reply.ledgerMs.toFixed(0)} ms`);
    return reply;
  });
  const poisonId = seeded.inFlightId;

  await step('Start the worker', async () => {
    await compose(['up', '--detach', '--no-deps', '--no-build', 'worker'], run, 'Starting the worker');
  });

  const looping = await step('Wait for the outage to begin', async (detail) => {
    const died = await pollUntil(
      () => inspectContainer('worker'),
      (i) => Boolean(i && i.RestartCount >= 1),
      {
        what: 'the worker to die and be restarted by Docker',
        timeoutMs: STAGE_TIMEOUT_MS,
        intervalMs: 200,
        describe: (i) => (i ? `worker ${i.State.Status}, RestartCount ${i.RestartCount}, exit ${i.State.ExitCode}` : 'no worker container'),
      },
    );
    if (!died) throw new LabError('The worker container vanished.');
    if (died.State.OOMKilled)
      throw new LabError('The worker was OOM-killed, not crashed: this outage needs a crash of its own.', {
        hint: 'See `docker logs worker`; `async-outage-lab reset` tries again.',
      });
    // The loop is there once the restarted worker has been handed the same export again (kombu's restore at its start).
    const runs = await pollUntil(
      async () => runsOfLog(await containerLogs('worker', 2000)),
      (seen) => seen.length >= 2 && seen.at(-1)!.received[0] === poisonId,
      {
        what: `the restarted worker to take export ${poisonId} again`,
        timeoutMs: STAGE_TIMEOUT_MS,
        intervalMs: 250,
        describe: (seen) => `${seen?.length ?? 0} runs in the log, the last took ${seen?.at(-1)?.received[0] ?? 'nothing yet'}`,
      },
    );
    const first = runs[0]!;
    if (first.last?.id !== poisonId || first.last.word !== 'received') {
      throw new LabError(`The worker's first run did not end on the export ${poisonId}: ${first.last ? `${first.last.word} ${first.last.id}` : 'no task'}.`, {
        hint: 'See `docker logs worker`; `async-outage-lab reset` tries again.',
      });
    }
    const info = (await inspectContainer('worker'))!;
    detail(
      `the worker stopped and Docker started it again (RestartCount ${info.RestartCount}); ${plural(first.received.length - 1, 'export')} finished before that`,
    );
    return died;
  });

  return step('Confirm the broken state and record a baseline', async (detail) => {
    const infos = await inspectLab(CONTAINERS);
    const web = infos.web;
    const redis = infos.redis;
    const worker = infos.worker;
    if (!web?.State.Running || !redis?.State.Running || !worker)
      throw new LabError('web or redis is not running while the worker loops.', { hint: 'See `docker ps -a`.' });
    const exitCode = worker.State.Running ? SEGFAULT_EXIT : worker.State.ExitCode;
    if (exitCode !== SEGFAULT_EXIT)
      throw new LabError(`The worker's last exit was ${exitCode}, not ${SEGFAULT_EXIT} (a segmentation fault).`, { hint: 'See `docker logs worker`.' });
    const facts = await withLabRedis(redisPassword, readBrokerFacts);
    const held = await pollUntil(
      () => poisonBody(redisPassword, poisonId),
      (found) => found !== undefined,
      {
        what: `Redis to hold the poison export ${poisonId} in \`unacked\` or the queue`,
        timeoutMs: 5000,
        intervalMs: 50,
      },
    );
    await webServes(options.sitePort, '/');
    const record: PoisonBaseline = {
      ...baselineHead(options, labToken),
      web: containerRecord(web),
      redis: redisRecord(redis, facts.runId, redisPassword),
      worker: {
        id: worker.Id,
        finishedAt: looping.State.FinishedAt,
        exitCode: SEGFAULT_EXIT,
        oomKilled: false,
        memoryLimitBytes: worker.HostConfig.Memory,
      },
      backlog: {
        seededIds: seeded.ids,
        inFlightId: poisonId,
        inFlightLostAtOutage: false,
        inFlightRows: seeded.inFlightRows,
        largestWaitingRows: seeded.largestWaitingRows,
        largeIds: seeded.largeIds,
        depthAtHandover: facts.queueDepth,
        seedMs: seeded.enqueueMs + seeded.ledgerMs,
      },
      poison: {
        id: poisonId,
        body: held!.body,
        deathsAtHandover: worker.RestartCount + (worker.State.Status === 'exited' ? 1 : 0),
        restartCountAtHandover: worker.RestartCount,
        restartPolicy: 'unless-stopped',
        visibilityTimeoutS: VISIBILITY_TIMEOUT_S,
      },
    };
    detail(`queue depth ${facts.queueDepth.toLocaleString('en-US')}, worker ${worker.State.Status} (RestartCount ${worker.RestartCount})`);
    return record;
  });
}
