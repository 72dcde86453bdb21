import type { AnyScenario } from './scenario.js';
import { workerOom } from './worker-oom/index.js';

/** Every outage the lab can stage, by id: a second one is a second folder and one line here. */
export const scenarios: Record<string, AnyScenario> = { [workerOom.id]: workerOom };

/** The outage the lab stages. */
export const activeScenario: AnyScenario = workerOom;
