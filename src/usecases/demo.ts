import { ExitCode, LabError } from '../errors.js';
import { runDemo } from '../lab/demo-run.js';
import { readBaseline } from '../lab/state.js';
import type { AnyScenario, Catalog } from '../scenario/contract.js';
import type { Demo, DemoOutcome } from '../scenario/demo.js';

/**
 * A demo answers a question about the outage's cause; before the learner has named a cause, it
 * would answer the outage too. So it runs only beside a lab whose root cause was stated (a solved
 * lab has one): with no lab there is no diagnosis to come after.
 */
export function refuseBeforeDiagnosis(catalog: Catalog): void {
  const read = readBaseline(catalog);
  if (read.kind !== 'ok') {
    throw new LabError('No lab is up: the demos come after you have diagnosed its outage.', {
      hint: 'Run `async-outage-lab up`, find what broke, and state it with `async-outage-lab check`; then run the demo.',
      exitCode: ExitCode.environment,
    });
  }
  if (!read.baseline.statement) {
    throw new LabError('The demos come after the diagnosis: state what broke first.', {
      hint: 'Run `async-outage-lab check` (it asks once), or `check --component <name> --cause <cause>`; then run the demo.',
      exitCode: ExitCode.notSolved,
    });
  }
}

/** The demo of that name among the outage's, or a usage error. */
export function demoNamed(scenario: AnyScenario, name: string | undefined): Demo {
  const demo = scenario.demos.find((candidate) => candidate.name === name);
  if (!demo) throw new LabError(`unknown demo ${name}`, { exitCode: ExitCode.usage });
  return demo;
}

/** `demo`: runs one of the outage's experiments on containers of its own, once a cause is stated. */
export async function demoLab(
  catalog: Catalog,
  demo: Demo,
  say: (text: string) => void,
  signal: AbortSignal,
): Promise<{ outcome: DemoOutcome; removed: string[] }> {
  refuseBeforeDiagnosis(catalog);
  return runDemo(demo, say, signal);
}
