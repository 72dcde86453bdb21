import { inspectLab, requireDaemon } from '../docker/engine.js';
import { ExitCode, LabError } from '../errors.js';
import { bringUp, type UpResult } from '../lab/lifecycle.js';
import type { StepReporter } from '../lab/progress.js';
import { readBaseline, removeBaseline, unusableStateFile, writeBaseline } from '../lab/state.js';
import { statePaths } from '../project/paths.js';
import type { LabBaseline } from '../scenario/baseline.js';
import type { AnyScenario, Catalog, RunningLab, UpOptions } from '../scenario/contract.js';
import { rotateSessionLog } from '../shim/session-log.js';

/** What `up` and `reset` were asked for; a setting left out keeps the lab's earlier one, else the outage's default. */
export interface UpRequest {
  backlog?: number;
  sitePort?: number;
  trafficIntervalMs?: number;
  base?: string;
}

/** The options to stage with: asked, else the earlier lab's (`previous`, of the same outage), else the outage's defaults. */
export function resolveUpOptions(scenario: AnyScenario, asked: UpRequest, same?: LabBaseline): UpOptions {
  const defaults = scenario.lab.defaults;
  return {
    backlog: asked.backlog ?? defaults.backlog,
    sitePort: asked.sitePort ?? same?.sitePort ?? defaults.sitePort,
    trafficIntervalMs: asked.trafficIntervalMs ?? same?.trafficIntervalMs ?? defaults.trafficIntervalMs,
    base: asked.base,
  };
}

/** A staged outage, as `up` and `reset` report it. */
export interface Staged extends UpResult {
  kind: 'staged';
  scenario: AnyScenario;
  totalMs: number;
}

/**
 * Stages the outage: builds, clears any earlier lab (another outage's containers too), breaks it,
 * and records its baseline with the outage's id.
 */
export async function stageLab(scenario: AnyScenario, options: UpOptions, reporter: StepReporter, earlier?: AnyScenario): Promise<Staged> {
  const started = Date.now();
  const result = await bringUp(scenario, options, reporter, {
    // Only once the checks that change nothing have passed: the old state describes containers
    // about to be replaced (a half-built lab must never be graded against it), and a new outage
    // starts a new transcript (the old one is kept beside it).
    beginAttempt: () => {
      removeBaseline();
      rotateSessionLog(statePaths());
    },
    alsoClear: earlier && earlier !== scenario ? earlier.lab.containers : [],
  });
  const baseline = { ...result.baseline, scenario: scenario.id };
  writeBaseline(baseline);
  return { kind: 'staged', scenario, ...result, baseline, totalMs: Date.now() - started };
}

export type UpOutcome = Staged | { kind: 'already-up'; scenario: AnyScenario; baseline: LabBaseline; running: RunningLab };

/**
 * `up`: the named outage (else the one up, else the default). A lab of that outage already running
 * is left as it is (unless forced); a lab of another outage is replaced only when forced.
 */
export async function upLab(
  catalog: Catalog,
  request: { scenarioId?: string; force: boolean; settings: UpRequest },
  reporter: StepReporter,
): Promise<UpOutcome> {
  const named = request.scenarioId === undefined ? undefined : requireScenario(catalog, request.scenarioId);
  const read = readBaseline(catalog);
  if (read.kind === 'corrupt' && !request.force) {
    throw unusableStateFile(statePaths().baseline, read.reason, 'Run `async-outage-lab reset` (or `up --force`) to rebuild the outage and a fresh state.');
  }
  const up = read.kind === 'ok' ? read : undefined;
  const scenario = named ?? up?.scenario ?? catalog.find(undefined)!;
  if (up && !request.force) {
    await requireDaemon();
    const running = up.scenario.up.running(up.baseline, await inspectLab(up.scenario.lab.containers));
    if (running && up.scenario === scenario) return { kind: 'already-up', scenario, baseline: up.baseline, running };
    if (running) {
      throw new LabError(`The lab runs another outage now: ${up.scenario.id}. One lab per Docker host.`, {
        hint: `\`async-outage-lab up ${scenario.id} --force\` replaces it (its work is lost); \`async-outage-lab down\` removes it first.`,
        exitCode: ExitCode.environment,
      });
    }
  }
  return stageLab(scenario, resolveUpOptions(scenario, request.settings, up?.scenario === scenario ? up.baseline : undefined), reporter, up?.scenario);
}

/** `reset`: the outage that is up (else the default), staged again from any state. */
export async function resetLab(catalog: Catalog, settings: UpRequest, reporter: StepReporter): Promise<Staged> {
  const read = readBaseline(catalog);
  const scenario = read.kind === 'ok' ? read.scenario : catalog.find(undefined)!;
  return stageLab(scenario, resolveUpOptions(scenario, settings, read.kind === 'ok' ? read.baseline : undefined), reporter);
}

/** The scenario of that id, or a usage error listing the ids there are. */
export function requireScenario(catalog: Catalog, id: string): AnyScenario {
  const scenario = catalog.find(id);
  if (!scenario)
    throw new LabError(`There is no outage named "${id}".`, {
      hint: `The outages: ${catalog.ids.join(', ')} (\`async-outage-lab scenarios\` describes them).`,
      exitCode: ExitCode.usage,
    });
  return scenario;
}
