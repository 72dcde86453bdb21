import { inspectContainer } from '../../../docker/engine.js';
import { type DrainWindow, takeSnapshot } from '../../../kits/celery-redis/observe/observe.js';
import type { DrainSample } from '../../../kits/celery-redis/observe/snapshot.js';
import type { Baseline } from '../baseline.js';
import { HEARTBEAT_LISTEN_MS } from '../figures.js';
import { listenForConsumers } from './consumers.js';
import { networksOf } from './networks.js';
import type { ConsumerView, Snapshot } from './snapshot.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function observeConsumers(password: string, until: Promise<unknown>): Promise<ConsumerView> {
  const started = Date.now();
  try {
    const heard = await listenForConsumers(password, HEARTBEAT_LISTEN_MS, until);
    return { heard, listenedMs: Date.now() - started };
  } catch (error) {
    return { listenedMs: Date.now() - started, error: message(error) };
  }
}

/**
 * Observes the lab once: the stack's snapshot (containers, events, the drain window, Redis and
 * the ledger), the worker's networks, and the consumers heard on the broker meanwhile. Never throws for
 * what it cannot read: the snapshot says so.
 */
export async function observePartition(baseline: Baseline, options: { drain?: DrainWindow; drainSamples?: DrainSample[] } = {}): Promise<Snapshot> {
  // Heartbeats are heard over the whole drain window, not only its first seconds.
  const taking = takeSnapshot(baseline, options);
  const [lab, consumers] = await Promise.all([taking, observeConsumers(baseline.redis.password, taking)]);
  const worker = await inspectContainer('worker').catch(() => undefined);
  const networks = lab.containers.worker.exists && worker?.Id === lab.containers.worker.id ? networksOf(worker) : undefined;
  return { ...lab, containers: { ...lab.containers, worker: { ...lab.containers.worker, ...(networks ? { networks } : {}) } }, consumers };
}
