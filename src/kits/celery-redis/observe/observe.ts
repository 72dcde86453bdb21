import { containerEvents, enforcedMemoryLimit, inspectContainer, inspectLab } from '../../../docker/engine.js';
import { containerEventFromDocker, containerViewFromInspect } from '../../../observe/from-inspect.js';
import type { StackBaseline as Baseline } from '../baseline.js';
import { type BrokerFacts, queueDepth, readBrokerFacts, unackedSince } from '../broker/redis.js';
import { CONTAINERS, type ContainerName } from '../figures.js';
import { redisPasswordOf, withLabRedis } from './lab-redis.js';
import { settleMissing } from './settle.js';
import type { BrokerView, ContainerView, DrainSample, Snapshot, WebView } from './snapshot.js';
import { httpStatus, readLedger, WEB_READ_MS } from './web-api.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What one read of Redis tells the checks, read at `readAt`. Pure. */
export const brokerViewOf = (facts: BrokerFacts, readAt: string): BrokerView => ({
  reachable: true,
  readAt,
  pong: facts.pong,
  runId: facts.runId,
  queueDepth: facts.queueDepth,
  unackedCount: facts.unackedCount,
  commandCalls: facts.commandCalls,
  queuedIds: Object.keys(facts.queued),
  queuedRows: facts.queued,
  unacked: facts.unacked,
});

async function observeBroker(password: string): Promise<BrokerView> {
  const readAt = new Date().toISOString();
  try {
    return brokerViewOf(await withLabRedis(password, readBrokerFacts), readAt);
  } catch (error) {
    return { reachable: false, readAt, error: message(error) };
  }
}

async function observeWeb(port: number): Promise<WebView> {
  try {
    const [rootStatus, dashboardStatus, ledger] = await Promise.all([
      httpStatus(port, '/', WEB_READ_MS),
      httpStatus(port, '/dashboard', WEB_READ_MS),
      readLedger(port, WEB_READ_MS),
    ]);
    return { reachable: true, rootStatus, dashboardStatus, responses: ledger.responses, ledger: ledger.entries };
  } catch (error) {
    return { reachable: false, error: message(error) };
  }
}

/** Where a drain is read: the web's port and the password of the lab's Redis (a baseline has both). */
export type DrainSource = Pick<Baseline, 'sitePort' | 'redis'>;

/** One drain sample: queue depth, finished exports, the worker's state. Never throws. */
export async function sampleDrain(lab: DrainSource): Promise<DrainSample> {
  const port = lab.sitePort;
  // A failed read is no fact about the worker: the sample then says nothing of it (no status).
  const read = await inspectContainer('worker').then(
    (info) => ({ info }),
    () => undefined,
  );
  const worker = read?.info;
  const startedMs = worker?.State.Running ? Date.parse(worker.State.StartedAt) : Number.NaN;
  const [redis, ledger] = await Promise.all([
    withLabRedis(redisPasswordOf(lab), async (client) => ({
      depth: await queueDepth(client),
      inHand: Number.isNaN(startedMs) ? 0 : await unackedSince(client, startedMs),
    })).catch(() => ({ depth: -1, inHand: -1 })),
    readLedger(port).catch(() => undefined),
  ]);
  return {
    at: Date.now(),
    queueDepth: redis.depth,
    ready: ledger ? ledger.entries.filter((e) => e.ready).length : -1,
    ...(read ? { workerStatus: worker?.State.Status ?? 'missing' } : {}),
    inHand: redis.inHand,
    ...(worker ? { restartCount: worker.RestartCount } : {}),
  };
}

export interface DrainWindow {
  /** Longest the window may last. */
  maxMs: number;
  intervalMs: number;
  onSample?: (sample: DrainSample, samples: DrainSample[]) => void;
  /** Seen enough: stop before the window ends (default: the trend is clear). */
  enough?: (sample: DrainSample, samples: DrainSample[]) => boolean;
  /** Whether the window goes on after this sample (default: while the worker runs). */
  goOn?: (sample: DrainSample, samples: DrainSample[]) => boolean;
}

/** At least three samples, and the queue has clearly fallen while exports were finished. */
export const trendIsClear = (sample: DrainSample, samples: DrainSample[]) => {
  const first = samples[0] ?? sample;
  return samples.length >= 3 && first.queueDepth - sample.queueDepth >= 20 && sample.ready > first.ready;
};

/** The drain is over: two readings in a row of an empty queue with nothing in the running worker's hands. */
export const drainIsOver = (sample: DrainSample, samples: DrainSample[]) => {
  const previous = samples.at(-2);
  return previous !== undefined && [previous, sample].every((s) => s.queueDepth === 0 && s.inHand === 0 && s.workerStatus === 'running');
};

/**
 * `check --wait` follows a running worker, and one Docker is restarting under its policy until
 * that restart has run it: the back-off ends in a start, and the learner's fix may be what that
 * start runs under. A worker that runs during the wait and then stops again has died in it.
 */
export const runsOrIsRestarting = (sample: DrainSample, samples: readonly DrainSample[]) =>
  workerUnread(sample) ||
  sample.workerStatus === 'running' ||
  (sample.workerStatus === 'restarting' && !samples.some((seen) => seen.workerStatus === 'running'));

/** A sample whose read of the worker failed: it shows no stop, and the window goes on. */
export const workerUnread = (sample: DrainSample) => sample.workerStatus === undefined;

/** Samples the drain until `enough`, the worker stops (or `goOn` says so), or the window ends. */
export async function watchDrain(lab: DrainSource, window: DrainWindow): Promise<DrainSample[]> {
  const samples: DrainSample[] = [];
  const started = Date.now();
  const enough = window.enough ?? ((sample: DrainSample, samples: DrainSample[]) => trendIsClear(sample, samples) || drainIsOver(sample, samples));
  for (;;) {
    const sample = await sampleDrain(lab);
    samples.push(sample);
    window.onSample?.(sample, samples);
    const goesOn = window.goOn ? window.goOn(sample, samples) : sample.workerStatus === 'running' || workerUnread(sample);
    if (enough(sample, samples) || !goesOn || Date.now() - started + window.intervalMs > window.maxMs) return samples;
    await new Promise((resolve) => setTimeout(resolve, window.intervalMs));
  }
}

/** Observes the lab once (plus the drain window when a running worker makes it meaningful). */
export async function takeSnapshot(
  baseline: Pick<Baseline, 'createdAt' | 'sitePort' | 'redis'>,
  options: { drain?: DrainWindow; drainSamples?: DrainSample[] } = {},
): Promise<Snapshot> {
  const takenAt = new Date().toISOString();
  const inspected = await inspectLab(CONTAINERS);
  const containers = Object.fromEntries(CONTAINERS.map((name) => [name, containerViewFromInspect(name, inspected[name])])) as Record<
    ContainerName,
    ContainerView
  >;
  const worker = containers.worker;
  const since = Date.parse(baseline.createdAt) / 1000 - 5;
  const [events, cgroupLimit] = await Promise.all([
    containerEvents('worker', since, Date.now() / 1000 + 1).catch(() => []),
    worker.running ? enforcedMemoryLimit('worker', worker.memoryBytes ?? 0).catch(() => undefined) : Promise.resolve(undefined),
  ]);
  if (cgroupLimit !== undefined) worker.cgroupLimitBytes = cgroupLimit;
  // Broker before ledger: an export is then either still queued when Redis is read, or already
  // in the ledger's view as finished; only the one in the worker's hands can fall between.
  // The drain window first, then Redis and the ledger: the account of every export is then of the
  // same moment as the window's last sample, so the report's figures agree with each other.
  const drain = options.drainSamples ?? (worker.running && options.drain ? await watchDrain(baseline, options.drain) : []);
  const password = redisPasswordOf(baseline);
  let broker = await observeBroker(password);
  let web = await observeWeb(baseline.sitePort);
  if (broker.reachable && web.reachable)
    ({ broker, web } = await settleMissing(
      broker,
      web,
      () => observeBroker(password),
      () => observeWeb(baseline.sitePort),
    ));
  return {
    takenAt,
    containers,
    workerEvents: events.map(containerEventFromDocker).filter((e): e is NonNullable<typeof e> => Boolean(e)),
    broker,
    web,
    drain,
  };
}
