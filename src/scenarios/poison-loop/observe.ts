import type { DrainPort } from '../../scenario/ports.js';
import { workerOomDrain } from '../worker-oom/drain.js';
import { redisPasswordOf, withLabRedis } from '../worker-oom/observe/lab-redis.js';
import type { DrainSample } from '../worker-oom/observe/snapshot.js';
import type { PoisonBaseline } from './baseline.js';
import { readQuarantine, type QuarantineView } from './quarantine.js';
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
  follow: (baseline, maxMs, onReading) => workerOomDrain.follow(baseline, maxMs, onReading),
  async observe(baseline, options) {
    const snapshot = await workerOomDrain.observe(baseline, options);
    return { ...snapshot, quarantine: await observeQuarantine(baseline) };
  },
};
