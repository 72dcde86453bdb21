import { mkdirSync } from 'node:fs';
import { listSandboxes, loadImageInto, type SandboxMode, startSandbox } from '../docker/sandbox.js';
import { labInSandbox } from '../docker/sandbox-net.js';
import { LabError } from '../errors.js';
import { learnerDirs, sandboxName, sandboxVolume } from './naming.js';

export interface LearnerPlan {
  learner: number;
  mode: SandboxMode;
  memoryMiB: number;
  baseImage: string;
  /** The outage every learner's `up` stages. */
  scenarioId: string;
}

export type LearnerEvent = { learner: number; step: string; ms: number; detail?: string };

/** Longest `up` may take inside one sandbox (a busy host builds and breaks several at once). */
const UP_TIMEOUT_MS = 300_000;

/** Runs `async-outage-lab ARGS` for learner K, from the host into their sandbox. */
export async function labForLearner(
  learner: number,
  args: string[],
  options: Parameters<typeof labInSandbox>[2] = {},
  use: Parameters<typeof labInSandbox>[3] = 'lab',
) {
  const sandbox = (await listSandboxes()).find((found) => found.learner === learner);
  if (!sandbox || !sandbox.running) {
    throw new LabError(`Learner ${learner} has no running sandbox (${sandboxName(learner)}).`, {
      hint: 'Run `async-outage-lab classroom up --learners N` first; `classroom status` lists the sandboxes.',
      exitCode: 3,
    });
  }
  return labInSandbox({ pid: sandbox.pid, ...learnerDirs(learner) }, args, options, use);
}

/**
 * One learner: a sandbox with its own daemon, the base image loaded into it, and the outage
 * brought up inside by the lab's own `up`, which confirms the break in the nested engine before
 * it hands the outage over.
 */
export async function bringUpLearner(plan: LearnerPlan, report: (event: LearnerEvent) => void): Promise<void> {
  const dirs = learnerDirs(plan.learner);
  mkdirSync(dirs.labHome, { recursive: true, mode: 0o700 });
  const timed = async <T>(step: string, run: () => Promise<T>, detail?: (value: T) => string) => {
    const started = Date.now();
    const value = await run();
    report({ learner: plan.learner, step, ms: Date.now() - started, detail: detail?.(value) });
    return value;
  };
  await timed(
    'sandbox started',
    () =>
      startSandbox({
        name: sandboxName(plan.learner),
        volume: sandboxVolume(plan.learner),
        socketDir: dirs.socketDir,
        memoryMiB: plan.memoryMiB,
        mode: plan.mode,
        learner: plan.learner,
      }),
    (value) => `inner engine ${value.innerVersion}`,
  );
  await timed(
    'base image loaded',
    () => loadImageInto(dirs.socketDir, plan.baseImage),
    () => plan.baseImage,
  );
  await timed('outage up', async () => {
    const up = await labForLearner(plan.learner, ['up', plan.scenarioId], { timeout: UP_TIMEOUT_MS, env: { NO_COLOR: '1' } });
    if (up.exitCode !== 0) {
      const tail = String(up.all ?? '')
        .trim()
        .split('\n')
        .slice(-8)
        .join('\n');
      throw new LabError(
        `The outage did not come up in ${sandboxName(plan.learner)} (exit ${up.exitCode}${up.timedOut ? `, cut at ${UP_TIMEOUT_MS / 1000} s` : ''}):\n${tail}`,
        {
          hint: `\`async-outage-lab classroom reset ${plan.learner}\` tries again; \`classroom shell ${plan.learner}\` looks inside.`,
        },
      );
    }
  });
}

/** Runs `work` over `items` with at most `limit` at a time; every failure is collected, none stops the rest. */
export async function eachBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<Array<{ item: T; error: unknown }>> {
  const failures: Array<{ item: T; error: unknown }> = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failures.push({ item, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return failures;
}
