import { inspectLab, requireDaemon } from '../docker/engine.js';
import { readBaseline, type BaselineRead } from '../lab/state.js';
import type { LabBaseline } from '../scenario/baseline.js';
import type { AnyScenario, Catalog } from '../scenario/contract.js';
import type { StatusView } from '../scenario/ports.js';
import { scenarioUpOrDefault } from './down.js';

/** What status says under the table, and whether that is a lab (exit 0) or none (exit 3). */
export function labVerdict(read: BaselineRead, containersFound: number): { line: string; up: boolean } {
  if (read.kind === 'corrupt') return { line: 'state file unusable: `async-outage-lab reset` rebuilds the outage', up: false };
  if (read.kind === 'missing') {
    return containersFound > 0
      ? { line: 'no outage recorded, but lab containers are here (an `up` or `reset` stopped half-way?): `async-outage-lab reset` puts it back', up: false }
      : { line: 'the lab is not up: `async-outage-lab up`', up: false };
  }
  if (containersFound === 0) return { line: `outage began ${read.baseline.createdAt}, but none of its containers is left: \`async-outage-lab reset\``, up: false };
  return { line: `outage began ${read.baseline.createdAt}`, up: true };
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
  const verdict = labVerdict(read, names.filter((name) => infos[name]).length);
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
