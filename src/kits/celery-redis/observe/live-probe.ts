import type { Redis } from 'ioredis';
import { containerEvents, type InspectInfo, inspectContainer, publishedPort } from '../../../docker/engine.js';
import { containerMemory, type MemoryReading } from '../../../docker/stats.js';
import { containerEventFromDocker } from '../../../observe/from-inspect.js';
import { withTimeout } from '../../../wait.js';
import { connectRedis, readQueueHealth, subscribeHeartbeats, unackedDeliveries } from '../broker/redis.js';
import { CONTAINERS, type ContainerName } from '../figures.js';
import { labRedisUrl } from './lab-redis.js';
import type { LiveBroker, LiveContainer, LiveSample, LiveWeb } from './live-sample.js';
import { deliveriesByKind, type RunReference, startsSinceUp } from './runs.js';
import { readLedger } from './web-api.js';

/** Celery workers beat every 2 s: a hostname heard within this window is a live consumer. */
export const HEARTBEAT_WINDOW_MS = 5000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One container as `status` shows it. Docker reports a container waiting out its restart back-off
 * as Running (with Status restarting and no process): no run is live then, so it is not running.
 */
export function liveContainer(name: ContainerName, info: InspectInfo | undefined, memory: MemoryReading | undefined): LiveContainer {
  if (!info) return { name, exists: false };
  const running = info.State.Running && info.State.Status !== 'restarting';
  const view: LiveContainer = {
    name,
    exists: true,
    id: info.Id,
    status: info.State.Status,
    running,
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    restartCount: info.RestartCount,
    memoryLimitBytes: info.HostConfig.Memory,
  };
  if (!/^0001-/.test(info.State.StartedAt)) view.startedAt = info.State.StartedAt;
  if (running && memory) view.memoryUsedBytes = memory.usedBytes;
  return view;
}

/**
 * Reads the lab for `status`, again and again, at the cost of one round trip to each outside
 * system per sample: Docker (inspect and one-shot stats of the three containers, all at once),
 * Redis (one pipeline) and the web (one ledger read). Two Redis connections stay open between
 * samples: one for the pipeline and one subscribed to Celery's worker heartbeats, which counts
 * live consumers the way Celery's own monitors do. `close()` ends both; nothing else is left.
 */
export class LiveProbe {
  private command: Redis | undefined;
  private subscriber: Redis | undefined;
  private redisPort: number | undefined;
  private listeningSince: number | undefined;
  private readonly heard = new Map<string, number>();
  /** Outside calls made, by system: what a sample costs (shown by `status --json`). */
  readonly calls = { docker: 0, redis: 0, web: 0 };

  constructor(
    private readonly sitePort: number,
    private readonly redisPassword: string,
    /** What `up` recorded of each container: starts and deliveries are counted against it. */
    private readonly references: Record<ContainerName, RunReference>,
  ) {}

  /**
   * Every container's events since `up`, in one call to Docker (a sample costs one events read, not
   * one per container), each container's own picked out by name; undefined when they cannot be read.
   */
  private async eventsByContainer() {
    this.calls.docker += 1;
    const since = Math.min(...CONTAINERS.map((name) => Date.parse(this.references[name].since))) / 1000 - 1;
    const events = await containerEvents(CONTAINERS, since, Date.now() / 1000 + 1).catch(() => undefined);
    return (name: ContainerName) =>
      events
        ?.filter((event) => event.Actor?.Attributes?.name === name && (event.time ?? 0) >= Date.parse(this.references[name].since) / 1000 - 1)
        .map(containerEventFromDocker)
        .filter((event) => event !== undefined);
  }

  async sample(): Promise<LiveSample> {
    const at = Date.now();
    const eventsOf = this.eventsByContainer();
    const readings = await Promise.all(
      CONTAINERS.map(async (name) => {
        this.calls.docker += 1;
        this.readMemory(name);
        const [info, events] = await Promise.all([inspectContainer(name).catch(() => undefined), eventsOf.then((of) => of(name))]);
        const view = liveContainer(name, info, this.memory.get(name));
        const starts = startsSinceUp(view, this.references[name], events);
        if (starts) view.startsSinceUp = starts;
        return [name, view, info] as const;
      }),
    );
    const containers = Object.fromEntries(readings.map(([name, view]) => [name, view])) as Record<ContainerName, LiveContainer>;
    const redisInfo = readings.find(([name]) => name === 'redis')?.[2];
    const port = redisInfo?.State.Running ? publishedPort(redisInfo, 6379) : undefined;
    const worker = containers.worker;
    const runStart = worker.running && worker.status === 'running' ? worker.startedAt : undefined;
    const [broker, ledger] = await Promise.all([this.readBroker(port, runStart), this.readWeb()]);
    const web: LiveWeb = ledger;
    if (ledger.reachable && broker.oldestExportId !== undefined)
      web.oldestAcceptedAt = broker.oldestExportId === null ? null : (this.acceptedAt.get(broker.oldestExportId) ?? null);
    return { at, containers, broker, web };
  }

  private acceptedAt = new Map<string, string>();
  private readonly memory = new Map<ContainerName, MemoryReading | undefined>();
  private readonly memoryPending = new Set<ContainerName>();
  private readonly abortStats = new AbortController();

  /**
   * Starts one stats request for `name` unless one is still out, and keeps its answer for the next
   * sample: the daemon answers stats on its collector's beat (up to a second), so a sample takes
   * the latest memory reading (one interval old at most) instead of waiting for a fresh one.
   */
  private readMemory(name: ContainerName): void {
    if (this.memoryPending.has(name) || this.closed) return;
    this.memoryPending.add(name);
    this.calls.docker += 1;
    void containerMemory(name, 2000, this.abortStats.signal).then((reading) => {
      this.memory.set(name, reading);
      this.memoryPending.delete(name);
    });
  }

  private async readWeb(): Promise<LiveWeb> {
    try {
      this.calls.web += 1;
      const reply = await readLedger(this.sitePort, 3000);
      this.acceptedAt = new Map(reply.entries.map((entry) => [entry.id, entry.acceptedAt]));
      return {
        reachable: true,
        accepted: reply.entries.length,
        finished: reply.entries.filter((entry) => entry.ready).length,
        accepted202: reply.responses['202'] ?? 0,
      };
    } catch (error) {
      this.acceptedAt = new Map();
      return { reachable: false, error: message(error) };
    }
  }

  private async readBroker(port: number | undefined, runStart: string | undefined): Promise<LiveBroker> {
    if (port === undefined) {
      this.disconnect();
      return { reachable: false, error: 'redis is not running (or publishes no port)' };
    }
    try {
      const redis = await this.connect(port);
      this.calls.redis += 1;
      const [health, deliveries] = await withTimeout(Promise.all([readQueueHealth(redis), unackedDeliveries(redis)]), 3000, `redis on 127.0.0.1:${port}`);
      const now = Date.now();
      for (const [host, time] of this.heard) if (now - time > HEARTBEAT_WINDOW_MS) this.heard.delete(host);
      return {
        reachable: true,
        ...health,
        unackedBy: deliveriesByKind(deliveries, this.references.worker.since, runStart),
        consumers: [...this.heard.keys()].sort(),
        listenedMs: now - (this.listeningSince ?? now),
      };
    } catch (error) {
      this.disconnect();
      return { reachable: false, error: message(error) };
    }
  }

  /** The open connections to Redis on `port`, or new ones (redis restarted, or recreated on another port). */
  private async connect(port: number): Promise<Redis> {
    // A sample still in flight when the watch ended must not open what close() just shut.
    if (this.closed) throw new Error('the probe is closed');
    if (this.command && this.subscriber && this.redisPort === port && this.command.status === 'ready' && this.subscriber.status === 'ready')
      return this.command;
    this.disconnect();
    const url = labRedisUrl(port, this.redisPassword);
    const command = connectRedis(url);
    const subscriber = connectRedis(url);
    for (const client of [command, subscriber]) client.on('error', () => {}); // failures surface through the awaited calls
    this.command = command;
    this.subscriber = subscriber;
    this.redisPort = port;
    await withTimeout(Promise.all([command.connect(), subscriber.connect()]), 3000, `redis on 127.0.0.1:${port}`);
    await withTimeout(
      subscribeHeartbeats(subscriber, (host) => this.heard.set(host, Date.now())),
      3000,
      'the heartbeat subscription',
    );
    this.listeningSince = Date.now();
    if (this.closed) this.disconnect();
    return command;
  }

  /** Ends both connections for good: later samples read Redis as unreachable. */
  close(): void {
    this.closed = true;
    this.abortStats.abort();
    this.disconnect();
  }

  private closed = false;

  private disconnect(): void {
    this.command?.disconnect();
    this.subscriber?.disconnect();
    this.command = this.subscriber = this.redisPort = this.listeningSince = undefined;
    this.heard.clear();
  }
}
