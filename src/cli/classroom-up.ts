import { Command } from 'commander';
import { bringUpLearner, eachBounded, type LearnerEvent } from '../classroom/bring-up.js';
import { planCapacity } from '../classroom/capacity.js';
import { MAX_LEARNERS, sandboxName } from '../classroom/naming.js';
import { requireDaemon } from '../docker/engine.js';
import { ensureBaseImage } from '../docker/images.js';
import { detectSandboxMode, engineCapacity, ensureSandboxImage, listSandboxes } from '../docker/sandbox.js';
import { ExitCode, environmentError } from '../errors.js';
import { requireScenario } from '../usecases/up.js';
import { action, type CommonOptions, intOption } from './action.js';
import { requireClassroomHost } from './classroom-host.js';
import { catalog } from './scenario-choice.js';

interface UpOptions extends CommonOptions {
  learners: number;
  parallel: number;
  scenario?: string;
}

export function classroomUpCommand(): Command {
  return new Command('up')
    .description('start one sandbox per learner, each with its own Docker daemon, and bring the outage up in every one')
    .requiredOption('--learners <n>', `how many learners (1-${MAX_LEARNERS}; refused past what this host holds)`, intOption('--learners', 1, MAX_LEARNERS))
    .option('--parallel <p>', 'how many sandboxes are brought up at once', intOption('--parallel', 1, 16), 2)
    .option('--scenario <id>', `the outage every learner gets (\`async-outage-lab scenarios\` lists them; default ${catalog.find(undefined)!.id})`)
    .option('--json', 'print one JSON object at the end')
    .addHelpText(
      'after',
      `
Examples:
  $ sudo async-outage-lab classroom up --learners 3
  $ sudo async-outage-lab classroom up --learners 8 --parallel 4 --json | jq .seconds

Each sandbox is a container named aol-learner-NN on this engine, with its own dockerd inside:
there, \`docker ps\` shows the lab's own containers, as on a laptop. Needs Linux and root (the
instructor's side enters each sandbox's network to grade it). Exit codes: 0 all up, 3 the host
cannot hold N or sandboxes already exist, 4 a learner's outage failed to come up.`,
    )
    .action(
      action<UpOptions>(async (options, output) => {
        const scenario = options.scenario === undefined ? catalog.find(undefined)! : requireScenario(catalog, options.scenario);
        requireClassroomHost();
        const started = Date.now();
        await requireDaemon();
        const existing = await listSandboxes();
        if (existing.length > 0) {
          throw environmentError(
            `A classroom is already here: ${existing.map((sandbox) => sandbox.name).join(', ')}.`,
            'Use `async-outage-lab classroom reset --all` to start every outage again, or `classroom down` first.',
          );
        }
        const needs = scenario.classroom;
        const capacity = planCapacity({ learners: options.learners, ...(await engineCapacity()), sandboxMemoryMiB: needs.sandboxMemoryMiB });
        if (!capacity.fits) {
          throw environmentError(
            `This host cannot hold ${options.learners} sandboxes: ${capacity.text}.`,
            `Ask for --learners ${capacity.max} or fewer here, or split the class over more hosts (each sandbox: ${needs.sandboxMemoryMiB} MiB, ${needs.why}).`,
          );
        }
        output.line(output.dim(`Capacity: ${capacity.text}.`));
        const base = await output.step('Find the base image', async (detail) => {
          const found = await ensureBaseImage(undefined, detail);
          detail(found.image);
          return found.image;
        });
        await output.step('Build the sandbox image', async (detail) => detail(await ensureSandboxImage(base, detail)));
        const mode = await output.step('Choose how sandboxes run', async (detail) => {
          const found = await detectSandboxMode();
          detail(found.mode === 'privileged' ? 'privileged' : `capability set instead of --privileged: ${found.reason}`);
          return found;
        });
        const events: LearnerEvent[] = [];
        const report = (event: LearnerEvent) => {
          events.push(event);
          output.line(
            `${output.ok(`${sandboxName(event.learner)}: ${event.step}`)} ${output.dim(`(${(event.ms / 1000).toFixed(1)}s)${event.detail ? ` ${event.detail}` : ''}`)}`,
          );
        };
        const learners = Array.from({ length: options.learners }, (_, index) => index + 1);
        const failures = await eachBounded(learners, options.parallel, (learner) =>
          bringUpLearner({ learner, mode: mode.mode, memoryMiB: needs.sandboxMemoryMiB, baseImage: base, scenarioId: scenario.id }, report),
        );
        for (const failure of failures)
          output.line(output.bad(`${sandboxName(failure.item)}: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`));
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        output.line();
        output.line(
          failures.length === 0
            ? output.ok(
                `${options.learners} outage${options.learners === 1 ? '' : 's'} up in ${seconds} s (${options.parallel} at a time). Next: \`async-outage-lab classroom status --watch\`; each learner: \`async-outage-lab classroom shell K\`.`,
              )
            : output.bad(`${failures.length} of ${options.learners} did not come up (above); the others are live.`),
        );
        output.result({
          ok: failures.length === 0,
          scenario: scenario.id,
          learners: options.learners,
          parallel: options.parallel,
          mode: mode.mode,
          modeReason: mode.reason,
          capacity: { max: capacity.max, byMemory: capacity.byMemory, byCores: capacity.byCores, sandboxMemoryMiB: needs.sandboxMemoryMiB },
          seconds,
          steps: events,
          failed: failures.map((failure) => ({
            learner: failure.item,
            message: failure.error instanceof Error ? failure.error.message : String(failure.error),
          })),
        });
        return failures.length === 0 ? ExitCode.ok : ExitCode.failure;
      }),
    );
}
