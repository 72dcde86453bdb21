import type { AnyScenario } from './scenario.js';
import { redisEviction } from './redis-eviction/index.js';
import { workerOom } from './worker-oom/index.js';

/** Every outage the lab can stage, by id: a second one is a second folder and one line here. */
export const scenarios: Record<string, AnyScenario> = { [workerOom.id]: workerOom, [redisEviction.id]: redisEviction };

/** The outage the lab stages: the card's (worker-oom), or the one ASYNC_OUTAGE_LAB_SCENARIO names. */
export const activeScenario: AnyScenario = scenarios[process.env.ASYNC_OUTAGE_LAB_SCENARIO ?? ''] ?? workerOom;
