import { catalog } from '../scenarios/index.js';
import { scenarioUpOrDefault } from '../usecases/down.js';

export { catalog };

/** The outage the commands' help speaks of: the one up, else the one `up` stages by default. */
export const helpScenario = () => scenarioUpOrDefault(catalog);
