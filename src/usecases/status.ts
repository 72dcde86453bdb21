import { inspectLab, requireDaemon } from '../docker/engine.js';
import { labAbsence } from '../lab/lab-absence.js';
import { type BaselineRead, readBaseline } from '../lab/state.js';
import type { LabBaseline } from '../scenario/baseline.js';
import type { AnyScenario, Catalog } from '../scenario/contract.js';
import type { StatusView } from '../scenario/ports.js';
import { scenarioUpOrDefault } from './down.js';

/** What status says under the table, and whether that is a lab (exit 0) or none (exit 3): the advice every command gives. */
export function labVerdict(read: BaselineRead, names: readonly string[], containersFound: number): { line: string; up: boolean } {
  if (read.kind === 'corrupt') return { line: 'state file unusable: `async-outage-lab reset` rebuilds the outage', up: false };
  const absence = labAbsence(read, names, containersFound);
  if (absence) return { line: `${absence.message} ${absence.hint}`, up: false };
  return { line: `outage began ${(read as Extract<BaselineRead, { kind: 'ok' }>).baseline.createdAt}`, up: true };
}

export type LabStatus =
  | { kind: 'none'; verdict: { line: string; up: false }; glance: { lines: string[]; record: Record<string, unknown> } }
  | { kind: 'up'; verdict: { line: string; up: true }; scenario: AnyScenario; baseline: LabBaseline };

/** `status`: the lab that is up, ready to be sampled; or, without one, a glance at what is there. */
export async function labStatus(catalog: Catalog): Promise<LabStatus> {
  await requireDaemon();
  const read = readBaseline(catalog);
  const scenario = read.kind === 'ok' ? read.scenario : scenarioUpOrDefault(catalog);
  const names = scenario.lab.containers;
  const infos = await inspectLab(names);
  const verdict = labVerdict(read, names, names.filter((name) => infos[name]).length);
  if (!verdict.up || read.kind !== 'ok') return { kind: 'none', verdict: { line: verdict.line, up: false }, glance: await scenario.status.glance(infos) };
  return { kind: 'up', verdict: { line: verdict.line, up: true }, scenario, baseline: read.baseline };
}

/** Two readings `spanMs` apart, and the view of them. */
export async function statusReading(scenario: AnyScenario, baseline: LabBaseline): Promise<{ view: StatusView; spanS: number }> {
  const status = scenario.status;
  const probe = status.probe(baseline);
  try {
    const first = await probe.sample();
    // An interval timer between two readings, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, status.spanMs));
    const last = await probe.sample();
    return { view: status.view([first, last]), spanS: (last.at - first.at) / 1000 };
  } finally {
    probe.close();
  }
}
