import { randomBytes } from 'node:crypto';
import { inspectContainer, isLabContainer, publishedPort, refuseForeignUsers, removeLabResources } from '../docker/engine.js';
import { buildLabImage, ensureBaseImage } from '../docker/images.js';
import { LabError } from '../errors.js';
import { IMAGE } from '../project/names.js';
import type { LabBaseline } from '../scenario/baseline.js';
import type { AnyScenario, UpOptions } from '../scenario/contract.js';
import { preflight, requirePortFree } from './preflight.js';
import type { StepReporter, StepTiming } from './progress.js';

export type { UpOptions };

export interface UpHooks {
  /** Called once the checks that touch nothing have passed, before anything is changed. */
  beginAttempt?: () => void;
  /** Containers of an earlier lab to clear besides this outage's own (another outage's). */
  alsoClear?: readonly string[];
}

/** A step's unexpected failure, as an error that names the step and where to look. */
function asLabError(error: unknown, title: string, containers: readonly string[]): LabError {
  if (error instanceof LabError) return error;
  const [first, ...others] = containers;
  const logs = first ? ` and \`docker logs ${first}\`${others.length ? ` (or ${others.join(', ')})` : ''}` : '';
  return new LabError(`${title} failed: ${error instanceof Error ? error.message : String(error)}`, {
    hint: `See \`docker ps -a\`${logs}; \`async-outage-lab reset\` starts over.`,
    cause: error,
  });
}

export interface UpResult<B extends LabBaseline = LabBaseline> {
  baseline: B;
  timings: StepTiming[];
  baseImage: string;
  composeVersion: string;
}

/**
 * Up, whatever the outage: check Docker, build the image, clear any earlier lab, then hand over to
 * the scenario, which starts its stack, breaks it, confirms the break and records the baseline.
 */
export async function bringUp(scenario: AnyScenario, options: UpOptions, output: StepReporter, hooks: UpHooks = {}): Promise<UpResult> {
  const { containers, publishedHttp: http } = scenario.lab;
  const timings: StepTiming[] = [];
  const step = <T>(title: string, run: (detail: (text: string) => void) => Promise<T>) =>
    output.step(
      title,
      async (detail) => {
        try {
          return await run(detail);
        } catch (error) {
          throw asLabError(error, title, containers);
        }
      },
      timings,
    );
  const labToken = randomBytes(16).toString('hex');
  const servicePassword = randomBytes(24).toString('hex');

  const { compose: tool } = await step('Check Docker and Compose', async (detail) => {
    const found = await preflight(containers);
    // The port may be held by this lab's own container, which is about to be replaced; anything else is in the way.
    const holder = await inspectContainer(http.container);
    const ours = holder && isLabContainer(holder, containers) && publishedPort(holder, http.containerPort) === options.sitePort;
    if (!ours) await requirePortFree(options.sitePort);
    await refuseForeignUsers(containers);
    hooks.beginAttempt?.();
    detail(`engine ${found.daemon.version}, compose ${found.compose.version}`);
    return found;
  });

  const base = await step('Build the lab image', async (detail) => {
    const found = await ensureBaseImage(options.base, detail);
    detail(`base ${found.image}`);
    await buildLabImage(found.image, scenario.up.stack);
    detail(`${IMAGE} from ${found.image}`);
    return found;
  });

  await step('Clear any earlier lab', async (detail) => {
    const removed = await removeLabResources([...new Set([...containers, ...(hooks.alsoClear ?? [])])]);
    const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
    detail(removed.containers + removed.volumes ? `removed ${n(removed.containers, 'container')}, ${n(removed.volumes, 'volume')}` : 'nothing to clear');
  });

  const baseline = await scenario.up.stage({ options, labToken, servicePassword, baseImage: base.image, step });
  return { baseline, timings, baseImage: base.image, composeVersion: tool.version };
}
