import { compose } from '../../docker/compose.js';
import { containerLogs, inspectContainer, inspectLab } from '../../docker/engine.js';
import { LabError } from '../../errors.js';
import { baselineHead, containerRecord, redisRecord } from '../../kits/celery-redis/baseline-records.js';
import { readBrokerFacts } from '../../kits/celery-redis/broker/redis.js';
import { CONTAINERS } from '../../kits/celery-redis/figures.js';
import { withLabRedis } from '../../kits/celery-redis/observe/lab-redis.js';
import { seedBacklog, webServes } from '../../kits/celery-redis/observe/web-api.js';
import { type StackRunOptions, stackRun, startWebAndRedis } from '../../kits/celery-redis/stage-steps.js';
import type { StageContext } from '../../scenario/contract.js';
import { pollUntil } from '../../wait.js';
import type { Baseline } from './baseline.js';
import { WORKER_CAP, WORKER_CAP_BYTES } from './figures.js';
import { workerOomStack } from './stack-files.js';
import { confirmOomLog } from './worker-log.js';

/** What the compose files read from their environment, for one lab: the stack's, and the worker's cap. */
export const composeRun = (options: StackRunOptions) => stackRun(workerOomStack, options, { AOL_WORKER_MEMORY: WORKER_CAP });

/**
 * The experiment, once the image is built and the earlier lab cleared: start web and redis,
 * confirm the steady state, seed the backlog, start the worker under its cap, wait for the
 * kernel's OOM kill, confirm the broken state, and record the baseline. Any surprise fails
 * loudly: the lab is never handed over half-broken.
 */
export async function stageWorkerOom({ options, labToken, servicePassword: redisPassword, baseImage, step }: StageContext): Promise<Baseline> {
  const run = composeRun({ ...options, labToken, redisPassword, baseImage });
  const redisPort = await startWebAndRedis(run, { sitePort: options.sitePort, redisPassword }, step);

  const seeded = await step(`Queue ${options.backlog.toLocaleString('en-US')} export jobs`, async (detail) => {
    const reply = await seedBacklog(options.sitePort, labToken, options.backlog);
    detail(`enqueued in ${reply.enqueueMs.toFixed(0)} ms, ledger in ${reply.ledgerMs.toFixed(0)} ms`);
    return reply;
  });

  // Step titles and details are the learner's first screen: they say what happens, never why
  // (the cause stays in the baseline and in `up --json`'s record).
  await step('Start the worker', async () => {
    await compose(['up', '--detach', '--no-deps', '--no-build', 'worker'], run, 'Starting the worker');
  });

  const dead = await step('Wait for the worker to stop', async (detail) => {
    const info = await pollUntil(
      () => inspectContainer('worker'),
      (i) => Boolean(i && !i.State.Running && i.State.Status === 'exited'),
      {
        what: `the worker to be OOM-killed on the large export under its ${WORKER_CAP_BYTES / 1024 / 1024} MiB cap`,
        timeoutMs: 90_000,
        intervalMs: 200,
        describe: (i) => (i ? `worker ${i.State.Status}, exit ${i.State.ExitCode}` : 'no worker container'),
      },
    );
    if (!info) throw new LabError('The worker container vanished.');
    if (info.State.ExitCode !== 137 || !info.State.OOMKilled) {
      throw new LabError(`The worker ended with exit ${info.State.ExitCode} (OOMKilled=${info.State.OOMKilled}) instead of an OOM kill (137, true).`, {
        hint: 'See `docker logs worker`; `async-outage-lab reset` tries again.',
      });
    }
    const log = await containerLogs('worker', 200);
    const verdict = confirmOomLog(log, seeded.inFlightId);
    if (!verdict.ok)
      throw new LabError(`The worker died, but not as expected: ${verdict.reason}`, {
        hint: 'See `docker logs worker`; `async-outage-lab reset` tries again.',
      });
    detail(`last log line: ${verdict.lastTaskLine}`);
    return info;
  });

  return step('Confirm the outage and record a baseline', async (detail) => {
    const infos = await inspectLab(CONTAINERS);
    const web = infos.web;
    const redis = infos.redis;
    if (!web?.State.Running || !redis?.State.Running) throw new LabError('web or redis is not running after the worker died.', { hint: 'See `docker ps -a`.' });
    const facts = await withLabRedis(redisPassword, readBrokerFacts);
    await webServes(options.sitePort, '/');
    const expected = options.backlog - 4; // the worker finished three and took the fourth with it
    if (facts.queueDepth < expected) {
      throw new LabError(`The queue holds ${facts.queueDepth} jobs; at least ${expected} were expected.`, { hint: 'See `docker logs worker`.' });
    }
    const record: Baseline = {
      ...baselineHead(options, labToken),
      web: containerRecord(web),
      redis: redisRecord(redis, facts.runId, redisPassword),
      worker: {
        id: dead.Id,
        finishedAt: dead.State.FinishedAt,
        exitCode: dead.State.ExitCode,
        oomKilled: dead.State.OOMKilled,
        memoryLimitBytes: dead.HostConfig.Memory,
      },
      backlog: {
        seededIds: seeded.ids,
        inFlightId: seeded.inFlightId,
        inFlightLostAtOutage: facts.queued[seeded.inFlightId] === undefined,
        inFlightRows: seeded.inFlightRows,
        largestWaitingRows: seeded.largestWaitingRows,
        largeIds: seeded.largeIds,
        depthAtHandover: facts.queueDepth,
        seedMs: seeded.enqueueMs + seeded.ledgerMs,
      },
    };
    detail(`queue depth ${facts.queueDepth.toLocaleString('en-US')}, redis ${redisPort}`);
    return record;
  });
}
