import { type InspectInfo, inspectContainer } from '../../docker/engine.js';
import { drainReading } from '../../kits/celery-redis/drain.js';
import { watchDrain } from '../../kits/celery-redis/observe/observe.js';
import type { DrainSample } from '../../kits/celery-redis/observe/snapshot.js';
import type { DrainPort } from '../../scenario/ports.js';
import type { Baseline } from './baseline.js';
import { observePartition } from './observe/observe.js';
import type { Snapshot } from './observe/snapshot.js';

/**
 * Whether the worker is on a network redis is on. One that is not cannot take a single job until
 * someone connects it, as a stopped one cannot until someone starts it: `check --wait` then has no
 * drain to follow, and grades what it sees at once instead of watching a queue climb to its timeout.
 */
const sharesANetwork = (worker: InspectInfo, redis: InspectInfo | undefined) => {
  // Redis unreadable: nothing says the worker is cut off, so the drain is followed.
  if (!redis) return true;
  const brokerNetworks = Object.keys(redis.NetworkSettings.Networks ?? {});
  return Object.keys(worker.NetworkSettings.Networks ?? {}).some((name) => brokerNetworks.includes(name));
};

/**
 * The drain `check --wait` follows and the snapshot `check` takes. The drain ends at two readings
 * of an empty queue: the job the cut worker held stays in `unacked` for the visibility timeout,
 * so "nothing in the worker's hands" cannot be the end here.
 */
export const partitionedWorkerDrain: DrainPort<Baseline, Snapshot, DrainSample[]> = {
  async follow(baseline, maxMs, onReading) {
    const [worker, redis] = await Promise.all(['worker', 'redis'].map((name) => inspectContainer(name).catch(() => undefined)));
    if (!worker?.State.Running || !sharesANetwork(worker, redis)) return undefined;
    return watchDrain(baseline, {
      maxMs,
      intervalMs: 1000,
      onSample: (sample, seen) => onReading(drainReading(sample, seen, baseline.backlog.depthAtHandover)),
      enough: (sample, seen) => sample.queueDepth === 0 && seen.at(-2)?.queueDepth === 0,
    });
  },
  observe: (baseline, { followed, onReading }) =>
    observePartition(baseline, {
      ...(followed ? { drainSamples: followed } : {}),
      drain: { maxMs: 10_000, intervalMs: 1000, onSample: (sample, samples) => onReading(drainReading(sample, samples, baseline.backlog.depthAtHandover)) },
    }),
};
