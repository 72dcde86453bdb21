import { randomBytes } from 'node:crypto';
import { connectRedis, readBrokerFacts } from '../broker/redis.js';
import { compose, type ComposeSettings } from '../docker/compose.js';
import { containerLogs, inspectContainer, refuseForeignUsers, inspectLab, isLabContainer, publishedPort, removeImage, removeLabResources, type InspectInfo } from '../docker/engine.js';
import { buildLabImage, ensureBaseImage } from '../docker/images.js';
import { LabError } from '../errors.js';
import { httpStatus, seedBacklog } from '../observe/web-api.js';
import { pollUntil, withTimeout } from '../wait.js';
import type { Baseline } from './baseline.js';
import type { StepReporter, StepTiming } from './progress.js';
import { IMAGE, LOCAL_BASE_IMAGE, WORKER_CAP, WORKER_CAP_BYTES } from '../scenarios/worker-oom/figures.js';
import { preflight, requirePortFree } from './preflight.js';
import { confirmOomLog } from './worker-log.js';

export interface UpOptions {
  backlog: number;
  webPort: number;
  customerIntervalMs: number;
  base?: string;
}

export interface UpHooks {
  /** Called once the checks that touch nothing have passed, before anything is changed. */
  beginAttempt?: () => void;
}

/** A step's unexpected failure, as an error that names the step and where to look. */
function asLabError(error: unknown, title: string): LabError {
  if (error instanceof LabError) return error;
  return new LabError(`${title} failed: ${error instanceof Error ? error.message : String(error)}`, {
    hint: 'See `docker ps -a` and `docker logs web` (or redis, worker); `async-outage-lab reset` starts over.',
    cause: error,
  });
}

export interface UpResult {
  baseline: Baseline;
  timings: StepTiming[];
  baseImage: string;
  composeVersion: string;
}

export const composeSettings = (options: { webPort: number; customerIntervalMs: number; labToken: string }): ComposeSettings => ({
  webPort: options.webPort,
  customerIntervalMs: options.customerIntervalMs,
  labToken: options.labToken,
  workerMemory: WORKER_CAP,
});

export const redisPortOf = (info: InspectInfo | undefined) => (info ? publishedPort(info, 6379) : undefined);

/** Connects to the lab's Redis through its published loopback port, runs `use`, and disconnects. */
export async function withLabRedis<T>(use: (redis: ReturnType<typeof connectRedis>) => Promise<T>): Promise<T> {
  const port = redisPortOf(await inspectContainer('redis'));
  if (!port) throw new Error('redis publishes no port on 127.0.0.1');
  const redis = connectRedis(`redis://127.0.0.1:${port}/0`);
  redis.on('error', () => {}); // failures surface through the awaited calls
  try {
    await withTimeout(redis.connect(), 3000, `redis on 127.0.0.1:${port}`);
    return await withTimeout(use(redis), 15_000, `redis on 127.0.0.1:${port}`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Removes the lab's containers, network and volumes: everything compose created for the project,
 * and a lab-named container of the lab's image that the learner made by hand (which would keep
 * the network busy). Containers go first, then what they used.
 */
export async function removeLab(): Promise<{ containers: number; volumes: number; networks: number }> {
  return removeLabResources();
}

export async function removeImages(): Promise<string[]> {
  const removed: string[] = [];
  for (const image of [IMAGE, LOCAL_BASE_IMAGE]) if (await removeImage(image)) removed.push(image);
  return removed;
}

/**
 * The experiment: build, start web and redis, confirm the steady state, seed the backlog, start
 * the worker under its cap, wait for the kernel's OOM kill, confirm the broken state, and record
 * the baseline. Any surprise fails loudly: the lab is never handed over half-broken.
 */
export async function bringUp(options: UpOptions, output: StepReporter, hooks: UpHooks = {}): Promise<UpResult> {
  const timings: StepTiming[] = [];
  const step = <T>(title: string, run: (detail: (text: string) => void) => Promise<T>) =>
    output.step(title, async (detail) => {
      try {
        return await run(detail);
      } catch (error) {
        throw asLabError(error, title);
      }
    }, timings);
  const labToken = randomBytes(16).toString('hex');
  const settings = composeSettings({ webPort: options.webPort, customerIntervalMs: options.customerIntervalMs, labToken });

  const { compose: tool } = await step('Check Docker and Compose', async (detail) => {
    const found = await preflight();
    // The port may be held by this lab's own web, which is about to be replaced; anything else is in the way.
    const web = await inspectContainer('web');
    const ours = web && isLabContainer(web) && publishedPort(web, 8080) === options.webPort;
    if (!ours) await requirePortFree(options.webPort);
    await refuseForeignUsers();
    hooks.beginAttempt?.();
    detail(`engine ${found.daemon.version}, compose ${found.compose.version}`);
    return found;
  });

  const base = await step('Build the lab image', async (detail) => {
    const found = await ensureBaseImage(options.base, detail);
    detail(`base ${found.image}`);
    await buildLabImage(found.image);
    detail(`${IMAGE} from ${found.image}`);
    return found;
  });

  await step('Clear any earlier lab', async (detail) => {
    const removed = await removeLab();
    const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
    detail(removed.containers + removed.volumes ? `removed ${n(removed.containers, 'container')}, ${n(removed.volumes, 'volume')}` : 'nothing to clear');
  });

  const redisPort = await step('Start redis and web; wait for PONG and HTTP 200', async (detail) => {
    await compose(['up', '--detach', '--no-deps', '--no-build', 'redis', 'web'], { ...settings, baseImage: base.image }, 'Starting redis and web');
    const port = redisPortOf(await inspectContainer('redis'));
    if (!port) throw new LabError('redis started but publishes no port on 127.0.0.1.', { hint: 'Look at `docker port redis`.' });
    await pollUntil(() => withLabRedis((redis) => redis.ping()), (pong) => pong === 'PONG', { what: 'redis to answer PING', timeoutMs: 20_000, intervalMs: 100 });
    await pollUntil(() => httpStatus(options.webPort, '/healthz', 1000), (status) => status === 200, {
      what: `the web to answer GET /healthz on 127.0.0.1:${options.webPort}`,
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const [root, dashboard] = await Promise.all([httpStatus(options.webPort, '/'), httpStatus(options.webPort, '/dashboard')]);
    if (root !== 200 || dashboard !== 200) throw new LabError(`The web answered ${root} for / and ${dashboard} for /dashboard instead of 200.`, { hint: 'See `docker logs web`.' });
    detail(`redis on 127.0.0.1:${port}, web on 127.0.0.1:${options.webPort}`);
    return port;
  });

  const seeded = await step(`Queue ${options.backlog.toLocaleString('en-US')} export jobs`, async (detail) => {
    const reply = await seedBacklog(options.webPort, labToken, options.backlog);
    detail(`enqueued in ${reply.enqueueMs.toFixed(0)} ms, ledger in ${reply.ledgerMs.toFixed(0)} ms`);
    return reply;
  });

  await step(`Start the worker under its ${WORKER_CAP_BYTES / 1024 / 1024} MiB cap`, async () => {
    await compose(['up', '--detach', '--no-deps', '--no-build', 'worker'], { ...settings, baseImage: base.image }, 'Starting the worker');
  });

  const dead = await step('Wait for the kernel to OOM-kill the worker', async (detail) => {
    const info = await pollUntil(() => inspectContainer('worker'), (i) => Boolean(i && !i.State.Running && i.State.Status === 'exited'), {
      what: 'the worker to be OOM-killed on the large export',
      timeoutMs: 90_000,
      intervalMs: 200,
      describe: (i) => (i ? `worker ${i.State.Status}, exit ${i.State.ExitCode}` : 'no worker container'),
    });
    if (!info) throw new LabError('The worker container vanished.');
    if (info.State.ExitCode !== 137 || !info.State.OOMKilled) {
      throw new LabError(`The worker ended with exit ${info.State.ExitCode} (OOMKilled=${info.State.OOMKilled}) instead of an OOM kill (137, true).`, {
        hint: 'See `docker logs worker`; `async-outage-lab reset` tries again.',
      });
    }
    const log = await containerLogs('worker', 200);
    const verdict = confirmOomLog(log, seeded.inFlightId);
    if (!verdict.ok) throw new LabError(`The worker died, but not as expected: ${verdict.reason}`, { hint: 'See `docker logs worker`; `async-outage-lab reset` tries again.' });
    detail(`Exited (137), OOMKilled=true, last line: ${verdict.lastTaskLine}`);
    return info;
  });

  const baseline = await step('Confirm the broken state and record a baseline', async (detail) => {
    const infos = await inspectLab();
    const web = infos.web;
    const redis = infos.redis;
    if (!web?.State.Running || !redis?.State.Running) throw new LabError('web or redis is not running after the worker died.', { hint: 'See `docker ps -a`.' });
    const facts = await withLabRedis(readBrokerFacts);
    const root = await httpStatus(options.webPort, '/');
    if (root !== 200) throw new LabError(`The web answered ${root} instead of 200 after the outage began.`);
    const expected = options.backlog - 4; // the worker finished three and took the fourth with it
    if (facts.queueDepth < expected) {
      throw new LabError(`The queue holds ${facts.queueDepth} jobs; at least ${expected} were expected.`, { hint: 'See `docker logs worker`.' });
    }
    const record: Baseline = {
      kind: 'async-outage-lab/baseline',
      version: 1,
      createdAt: new Date().toISOString(),
      webPort: options.webPort,
      customerIntervalMs: options.customerIntervalMs,
      labToken,
      web: { id: web.Id, startedAt: web.State.StartedAt, restartCount: web.RestartCount },
      redis: { id: redis.Id, runId: facts.runId, startedAt: redis.State.StartedAt },
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
    detail(`queue depth ${facts.queueDepth}, redis ${redisPort}`);
    return record;
  });

  return { baseline, timings, baseImage: base.image, composeVersion: tool.version };
}

