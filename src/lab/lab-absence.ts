import { inspectLab, requireDaemon } from '../docker/engine.js';
import { ExitCode, LabError } from '../errors.js';
import { statePaths } from '../project/paths.js';
import type { LabBaseline } from '../scenario/baseline.js';
import type { AnyScenario, Catalog } from '../scenario/contract.js';
import { type BaselineRead, readBaseline, unusableStateFile } from './state.js';

export interface Absence {
  message: string;
  hint: string;
}

/**
 * What every command says when there is no lab to work on, from the one reading of the state
 * and the containers: no outage recorded with lab containers here is an `up` or `reset` stopped
 * half-way, which `reset` puts back; nothing at all is `up`'s. Undefined when the lab is there.
 */
export function labAbsence(read: BaselineRead, names: readonly string[], containersFound: number): Absence | undefined {
  if (read.kind === 'corrupt') return undefined;
  if (read.kind === 'missing') {
    return containersFound > 0
      ? {
          message: 'No outage is recorded, but lab containers are here: an `up` or `reset` stopped half-way.',
          hint: 'Run `async-outage-lab reset`: it puts the outage back.',
        }
      : { message: 'The lab is not up (no state recorded).', hint: 'Run `async-outage-lab up` first.' };
  }
  if (containersFound === 0) {
    return {
      message: `The outage began ${read.baseline.createdAt}, but none of ${names.join(', ')} is left.`,
      hint: 'Run `async-outage-lab reset`: it puts the outage back.',
    };
  }
  return undefined;
}

/** The recorded lab (its outage and baseline) whose containers are here, or the error labAbsence words (exit 3). */
export async function requireLab(catalog: Catalog): Promise<{ baseline: LabBaseline; scenario: AnyScenario }> {
  const read = readBaseline(catalog);
  if (read.kind === 'corrupt') throw unusableStateFile(statePaths().baseline, read.reason);
  // With an outage recorded, no daemon is the daemon's error; without one, "not up" stands.
  if (read.kind === 'ok') await requireDaemon();
  const names = (read.kind === 'ok' ? read.scenario : catalog.find(undefined)!).lab.containers;
  let found = 0;
  try {
    const infos = await inspectLab(names);
    found = names.filter((name) => infos[name]).length;
  } catch (error) {
    if (read.kind === 'ok') throw error;
  }
  const absence = labAbsence(read, names, found);
  if (absence || read.kind !== 'ok') throw new LabError(absence?.message ?? 'The lab is not up.', { hint: absence?.hint, exitCode: ExitCode.environment });
  return { baseline: read.baseline, scenario: read.scenario };
}
