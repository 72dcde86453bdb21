import { requireLab } from '../lab/lab-absence.js';
import { statePaths } from '../project/paths.js';
import type { Catalog } from '../scenario/contract.js';
import type { Debrief } from '../scenario/debrief.js';

/** `debrief`: the postmortem of the outage that is up, built from evidence read once. Read-only. */
export async function debriefLab(catalog: Catalog): Promise<Debrief> {
  const { baseline, scenario } = await requireLab(catalog);
  const evidence = await scenario.debrief.gather(baseline, statePaths().sessionLog);
  return scenario.debrief.build(evidence, scenario.ruleBreak);
}
