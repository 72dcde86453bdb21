import { readBaseline } from '../lab/state.js';
import type { Catalog } from '../scenario/contract.js';
import { scenarioUpOrDefault } from './down.js';

export interface ScenarioRow {
  id: string;
  title: string;
  difficulty: string;
  reported: string;
  /** This outage is the one the state records as up. */
  up: boolean;
  /** `up` stages this one when none is named. */
  default: boolean;
}

/** `scenarios`: every outage the lab can stage, and which one is up. Reads only the state file. */
export function listScenarios(catalog: Catalog): ScenarioRow[] {
  let upId: string | undefined;
  try {
    const read = readBaseline(catalog);
    upId = read.kind === 'ok' ? read.scenario.id : undefined;
  } catch {
    upId = undefined; // a state file refused: nothing is up as far as this list can tell
  }
  const fallback = catalog.find(undefined)?.id;
  return catalog.ids.map((id) => {
    const scenario = catalog.find(id)!;
    return { id, title: scenario.title, difficulty: scenario.difficulty, reported: scenario.reported, up: id === upId, default: id === fallback };
  });
}

export { scenarioUpOrDefault };
