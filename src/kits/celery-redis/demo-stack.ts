import type { Redis } from 'ioredis';
import { type DemoContainerSpec, demoPort, inspectDemo, runDemoContainer } from '../../docker/demo-containers.js';
import { containerLogs } from '../../docker/engine.js';
import { ExitCode, LabError } from '../../errors.js';
import type { DemoContext } from '../../scenario/demo.js';
import { pollUntil } from '../../wait.js';
import type { ExportTask } from './broker/envelope.js';
import { connectRedis, enqueueExports } from './broker/redis.js';

/**
 * The outage's stack in miniature, for the demos: a redis and Celery workers of the demo's own,
 * from the lab's image and with the lab's worker code, on the demo's own network.
 */
export const demoNetwork = (context: DemoContext) => `aol-demo-${context.demo}`;
export const demoRedisName = (context: DemoContext) => `aol-demo-${context.demo}-redis`;

/** Waits for `done`, polling; a Ctrl-C stops the wait at once. */
export function watch<T>(
  context: DemoContext,
  what: string,
  timeoutMs: number,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  intervalMs = 250,
): Promise<T> {
  return pollUntil(
    async () => {
      if (context.signal.aborted) throw new LabError(`stopped while waiting for ${what}`, { exitCode: ExitCode.interrupted });
      return probe();
    },
    done,
    { what, timeoutMs, intervalMs },
  );
}

/** Starts the demo's redis (published on loopback) and returns its name on the demo network and its loopback port. */
export async function startDemoRedis(context: DemoContext): Promise<{ host: string; port: number }> {
  const name = demoRedisName(context);
  await runDemoContainer({
    name,
    image: context.image,
    demo: context.demo,
    network: demoNetwork(context),
    user: 'redis',
    cmd: ['redis-server', '--bind', '0.0.0.0', '--protected-mode', 'no', '--save', '', '--appendonly', 'no'],
    publish: 6379,
  });
  const port = await demoPort(name, 6379);
  const probe = connectTo(port, 0);
  try {
    await watch(
      context,
      `${name} to answer PING`,
      20_000,
      () => probe.ping().catch(() => 'no answer'),
      (reply) => reply === 'PONG',
    );
  } finally {
    probe.disconnect();
  }
  return { host: name, port };
}

/** A connection to one database of the demo's redis; the caller disconnects it. */
export function connectTo(port: number, db: number): Redis {
  const redis = connectRedis(`redis://127.0.0.1:${port}/${db}`, { persistent: true });
  redis.on('error', () => {}); // failures surface through the awaited calls
  return redis;
}

export interface DemoWorkerSpec {
  name: string;
  /** Celery's pool: solo runs tasks in the main process, prefork in a child. */
  pool: 'solo' | 'prefork';
  memoryMiB: number;
  brokerUrl: string;
  env?: Record<string, string>;
  restart?: DemoContainerSpec['restart'];
  healthcheck?: DemoContainerSpec['healthcheck'];
}

/** Starts a Celery worker of the lab's own code under the given settings. */
export async function startDemoWorker(context: DemoContext, spec: DemoWorkerSpec): Promise<void> {
  await runDemoContainer({
    name: spec.name,
    image: context.image,
    demo: context.demo,
    network: demoNetwork(context),
    user: 'worker',
    workingDir: '/opt/lab/worker',
    hostname: spec.name,
    cmd: [
      'python3',
      '-m',
      'celery',
      '--app',
      'exports',
      'worker',
      `--pool=${spec.pool}`,
      '--concurrency=1',
      '--loglevel=INFO',
      '--events',
      '--hostname',
      `${spec.name}@%h`,
      '--without-mingle',
      '--without-gossip',
    ],
    env: { BROKER_URL: spec.brokerUrl, EXPORTS_DIR: '/var/lib/exports', ...spec.env },
    memoryMiB: spec.memoryMiB,
    restart: spec.restart,
    healthcheck: spec.healthcheck,
  });
}

/** Waits until the worker's log says it is ready to consume. */
export async function workerReady(context: DemoContext, name: string, timeoutMs = 30_000): Promise<void> {
  await watch(
    context,
    `${name} to log "ready"`,
    timeoutMs,
    () => containerLogs(name, 200),
    (log) => / ready\.\s*$/m.test(log),
    300,
  );
}

/** The worker log's lines that tell a job's story (received, finished, failed, killed, restored). */
export async function storyLines(name: string, exportId?: string): Promise<string[]> {
  const log = await containerLogs(name, 400).catch(() => '');
  return log
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => (exportId && line.includes(exportId)) || /WorkerLostError|exited with|Restoring|SIGKILL/.test(line));
}

/** State.Status, ExitCode and FinishedAt (each death sets it anew) of a demo container ("missing" when it is gone). */
export async function containerState(name: string): Promise<{ status: string; exitCode: number; restartCount: number; finishedAt?: string }> {
  const info = await inspectDemo(name);
  if (!info) return { status: 'missing', exitCode: -1, restartCount: 0 };
  const finishedAt = /^0001-/.test(info.State.FinishedAt ?? '') ? undefined : info.State.FinishedAt;
  return { status: info.State.Status, exitCode: info.State.ExitCode, restartCount: info.RestartCount, ...(finishedAt ? { finishedAt } : {}) };
}

export const pushExports = (redis: Redis, tasks: ExportTask[]) => enqueueExports(redis, tasks, 'demo@async-outage-lab');
