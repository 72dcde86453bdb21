import type { AnyScenario, Catalog } from '../scenario/contract.js';
import { partitionedWorker } from './partitioned-worker/index.js';
import { poisonLoop } from './poison-loop/index.js';
import { redisEviction } from './redis-eviction/index.js';
import { workerOom } from './worker-oom/index.js';

/**
 * Every outage the lab can stage, in the order `scenarios` lists them: a new one is a folder that
 * exports one `defineScenario` value, and one entry here.
 */
export const scenarios: readonly AnyScenario[] = [workerOom, redisEviction, poisonLoop, partitionedWorker];

/** The outage `up` stages when none is named (the card's), and a state file without an id records. */
export const DEFAULT_SCENARIO_ID = workerOom.id;

/** The registry as the state reader and the use cases take it. */
export const catalog: Catalog = {
  ids: scenarios.map((scenario) => scenario.id),
  find: (id) => scenarios.find((scenario) => scenario.id === (id ?? DEFAULT_SCENARIO_ID)),
};
