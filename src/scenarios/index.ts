import type { Scenario } from './scenario.js';
import { workerOom } from './worker-oom/index.js';

/** Every outage the lab can stage, by id: a second one is a second folder and one line here. */
export const scenarios: Record<string, Scenario> = { [workerOom.id]: workerOom };

/** The outage the lab stages. */
export const activeScenario: Scenario = workerOom;
