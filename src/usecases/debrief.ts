import { requireLab } from '../lab/lab-absence.js';
import { statePaths } from '../project/paths.js';
import type { Catalog } from '../scenario/contract.js';
import type { Debrief } from '../scenario/debrief.js';
import { readSessionLog } from '../shim/session-log.js';
import { withCheckStatus } from './debrief-status.js';

/** `debrief`: the postmortem of the outage that is up, built from evidence read once, its status the last check's. Read-only. */
export async function debriefLab(catalog: Catalog): Promise<Debrief> {
  const { baseline, scenario } = await requireLab(catalog);
  const sessionLog = statePaths().sessionLog;
  const evidence = await scenario.debrief.gather(baseline, sessionLog);
  return withCheckStatus(scenario.debrief.build(evidence, scenario.ruleBreak), baseline.lastCheck, readSessionLog(sessionLog));
}
