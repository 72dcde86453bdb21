import type { AnyScenario } from './scenario.js';
import { poisonLoop } from './poison-loop/index.js';
import { workerOom } from './worker-oom/index.js';

/** Every outage the lab can stage, by id: a second one is a second folder and one line here. */
export const scenarios: Record<string, AnyScenario> = { [workerOom.id]: workerOom, [poisonLoop.id]: poisonLoop };

/** The outage the lab stages. */
export const activeScenario: AnyScenario = scenarios[process.env.ASYNC_OUTAGE_LAB_SCENARIO ?? ''] ?? workerOom;
