import { containerEvents, inspectContainer, inspectLab } from '../../../docker/engine.js';
import { settleMissing } from '../../../kits/celery-redis/observe/settle.js';
import { readLedger } from '../../../kits/celery-redis/observe/web-api.js';
import type { ContainerEvent, ContainerView } from '../../../observe/container-view.js';
import { containerEventFromDocker, containerViewFromInspect } from '../../../observe/from-inspect.js';
import type { Baseline } from '../baseline.js';
import { type LabAddress, observeRedis, observeWeb, readDepthAndMemory } from './lab-reads.js';
import { type AftershockRecord, CONTAINERS, type ContainerName, type DrainSample, type Snapshot } from './snapshot.js';

/** One drain reading. Never throws: what cannot be read is -1. */
export async function sampleDrain(lab: LabAddress): Promise<DrainSample> {
  const [worker, redis, ledger] = await Promise.all([
    inspectContainer('worker').then(
      (info) => ({ info }),
      () => undefined,
    ),
    readDepthAndMemory(lab).catch(() => undefined),
    readLedger(lab.sitePort).catch(() => undefined),
  ]);
  return {
    at: Date.now(),
    queueDepth: redis?.depth ?? -1,
    ready: ledger ? ledger.entries.filter((entry) => entry.ready).length : -1,
    evictedKeys: redis?.memory.evictedKeys ?? -1,
    usedMemory: redis?.memory.usedMemory ?? -1,
    // A failed read is no fact about the worker: the sample then says nothing of it.
    ...(worker ? { workerStatus: worker.info?.State.Status ?? 'missing' } : {}),
  };
}

/** The events of the three containers since the outage began (a little before, for clock skew). */
async function eventsSince(createdAt: string): Promise<ContainerEvent[]> {
  const since = Date.parse(createdAt) / 1000 - 1;
  const until = Date.now() / 1000 + 1;
  const lists = await Promise.all(CONTAINERS.map((name) => containerEvents(name, since, until).catch(() => [])));
  return lists
    .flat()
    .map(containerEventFromDocker)
    .filter((event): event is ContainerEvent => Boolean(event))
    .sort((a, b) => a.time.localeCompare(b.time));
}

/**
 * Observes the lab once: containers and their events, then Redis before the ledger (an export
 * accepted after Redis was read cannot be in what it returned), then re-reads while any accepted
 * export is missing.
 */
export async function takeSnapshot(
  baseline: Baseline,
  followed: { drain?: DrainSample[]; aftershock?: AftershockRecord | { skipped: string } } = {},
): Promise<Snapshot> {
  const takenAt = new Date().toISOString();
  const inspected = await inspectLab(CONTAINERS);
  const containers = Object.fromEntries(CONTAINERS.map((name) => [name, containerViewFromInspect(name, inspected[name])])) as Record<
    ContainerName,
    ContainerView
  >;
  const events = await eventsSince(baseline.createdAt);
  const first = await observeRedis(baseline);
  let broker = first.broker;
  let web = await observeWeb(baseline.sitePort);
  if (broker.reachable && web.reachable) {
    ({ broker, web } = await settleMissing(
      broker,
      web,
      async () => (await observeRedis(baseline)).broker,
      () => observeWeb(baseline.sitePort),
    ));
  }
  return {
    takenAt,
    containers,
    events,
    broker,
    ...(first.memory ? { memory: first.memory } : {}),
    web,
    drain: followed.drain ?? [],
    ...(followed.aftershock ? { aftershock: followed.aftershock } : {}),
  };
}
