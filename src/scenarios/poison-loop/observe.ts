import { type InspectInfo, inspectContainer } from '../../docker/engine.js';
import { celeryRedisDrain as workerOomDrain } from '../../kits/celery-redis/drain.js';
import { redisPasswordOf, withLabRedis } from '../../kits/celery-redis/observe/lab-redis.js';
import { sampleDrain } from '../../kits/celery-redis/observe/observe.js';
import type { DrainSample } from '../../kits/celery-redis/observe/snapshot.js';
import type { DrainPort } from '../../scenario/ports.js';
import { pollUntil } from '../../wait.js';
import type { PoisonBaseline } from './baseline.js';
import { STABLE_AFTER_S } from './criteria/worker-stable.js';
import { type QuarantineView, readQuarantine } from './quarantine.js';
import type { PoisonSnapshot } from './snapshot.js';

async function observeQuarantine(baseline: PoisonBaseline): Promise<QuarantineView> {
  try {
    return await withLabRedis(redisPasswordOf(baseline), readQuarantine);
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error), copies: [], keysRead: 0 };
  }
}

/** The shared stack's drain and snapshot, and every export message kept outside the queue and `unacked`. */
export const poisonLoopDrain: DrainPort<PoisonBaseline, PoisonSnapshot, DrainSample[]> = {
  // The drain, then the worker until its run is old enough to tell from a run of the loop.
  async follow(baseline, maxMs, onReading) {
    const samples = await workerOomDrain.follow(baseline, maxMs, onReading);
    if (!samples) return samples;
    const upLongEnough = (info: InspectInfo | undefined) => !info?.State.Running || Date.now() - Date.parse(info.State.StartedAt) >= STABLE_AFTER_S * 1000;
    await pollUntil(() => inspectContainer('worker').catch(() => undefined), upLongEnough, {
      what: `the worker to have run ${STABLE_AFTER_S} s`,
      timeoutMs: (STABLE_AFTER_S + 5) * 1000,
      intervalMs: 500,
    }).catch(() => undefined);
    return [...samples, await sampleDrain(baseline)];
  },
  async observe(baseline, options) {
    const snapshot = await workerOomDrain.observe(baseline, options);
    return { ...snapshot, quarantine: await observeQuarantine(baseline) };
  },
};
