import { rmSync } from 'node:fs';
import { Command } from 'commander';
import { labForLearner } from '../classroom/bring-up.js';
import { classroomDir, parseLearner, sandboxName } from '../classroom/naming.js';
import { removeImage, requireDaemon } from '../docker/engine.js';
import { listSandboxes, removeSandbox, SANDBOX_IMAGE } from '../docker/sandbox.js';
import { ExitCode, LabError, usageError } from '../errors.js';
import { action, type CommonOptions } from './action.js';
import { requireClassroomHost } from './classroom-host.js';

const learnerArgument = (raw: string | undefined): number => {
  const learner = raw === undefined ? undefined : parseLearner(raw);
  if (learner === undefined) throw usageError(`"${raw ?? ''}" is not a learner number.`, 'Give K as 1, 01 or aol-learner-01 (`classroom status` lists them).');
  return learner;
};

export function classroomShellCommand(): Command {
  return new Command('shell')
    .description("learner K's recorded lab shell, against the daemon in their own sandbox")
    .argument('<K>', 'the learner number (1, 01 or aol-learner-01)')
    .option('-c, --command <cmd>', 'run one command in that shell and exit with its code')
    .addHelpText(
      'after',
      `
Examples:
  $ sudo async-outage-lab classroom shell 3
  $ sudo async-outage-lab classroom shell 3 -c "docker ps -a"

There, docker ps shows only the learner's own lab, as on a laptop. A workshop gives each
attendee a Unix user whose login shell runs this for their K (see the README's classroom section).`,
    )
    .action(
      action<CommonOptions & { command?: string }>(async (options, _output, args) => {
        requireClassroomHost();
        const learner = learnerArgument(args[0]);
        await requireDaemon();
        // The lab shell handles Ctrl-C itself; this process only waits for it.
        const ignore = () => {};
        process.on('SIGINT', ignore);
        try {
          const shell = await labForLearner(
            learner,
            ['shell', ...(options.command === undefined ? [] : ['--command', options.command])],
            { stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', all: false },
            'learner',
          );
          return shell.exitCode ?? ExitCode.failure;
        } finally {
          process.off('SIGINT', ignore);
        }
      }),
    );
}

export function classroomResetCommand(): Command {
  return new Command('reset')
    .description("put learner K's outage back (or every learner's), as the lab's own reset does")
    .argument('[K]', 'the learner number')
    .option('--all', 'every learner')
    .option('--json', 'print one JSON object')
    .addHelpText('after', `\nExamples:\n  $ sudo async-outage-lab classroom reset 2\n  $ sudo async-outage-lab classroom reset --all`)
    .action(
      action<CommonOptions & { all?: boolean }>(async (options, output, args) => {
        requireClassroomHost();
        if (options.all === (args[0] !== undefined)) throw usageError('Name one learner K, or --all.', 'e.g. `classroom reset 2` or `classroom reset --all`.');
        await requireDaemon();
        const learners = options.all ? (await listSandboxes()).map((sandbox) => sandbox.learner) : [learnerArgument(args[0])];
        const results = await Promise.all(
          learners.map(async (learner) => {
            const started = Date.now();
            const reset = await labForLearner(learner, ['reset'], { timeout: 300_000, env: { NO_COLOR: '1' } });
            return {
              learner,
              exitCode: reset.exitCode ?? -1,
              seconds: Math.round((Date.now() - started) / 100) / 10,
              tail: String(reset.all ?? '')
                .trim()
                .split('\n')
                .slice(-3)
                .join('\n'),
            };
          }),
        );
        for (const result of results) {
          output.line(
            result.exitCode === 0
              ? output.ok(`${sandboxName(result.learner)}: outage back (${result.seconds} s)`)
              : output.bad(`${sandboxName(result.learner)}: reset exited ${result.exitCode}:\n${result.tail}`),
          );
        }
        output.result({ ok: results.every((result) => result.exitCode === 0), learners: results });
        return results.every((result) => result.exitCode === 0) ? ExitCode.ok : ExitCode.failure;
      }),
    );
}

export function classroomDownCommand(): Command {
  return new Command('down')
    .description('remove every sandbox, sandbox volume and the sandbox image the classroom created, and nothing else')
    .option('--keep-image', `keep ${SANDBOX_IMAGE} for the next class (it takes a few seconds to build again)`)
    .option('--json', 'print one JSON object')
    .addHelpText('after', `\nExamples:\n  $ sudo async-outage-lab classroom down\n  $ sudo async-outage-lab classroom down --keep-image`)
    .action(
      action<CommonOptions & { keepImage?: boolean }>(async (options, output) => {
        requireClassroomHost();
        await requireDaemon();
        const sandboxes = await listSandboxes();
        const failures: string[] = [];
        await Promise.all(
          sandboxes.map((sandbox) =>
            removeSandbox(sandbox).catch((error: unknown) => {
              failures.push(error instanceof Error ? error.message : String(error));
            }),
          ),
        );
        if (failures.length > 0) throw new LabError(failures.join('\n'), { hint: 'Run `async-outage-lab classroom down` again once the engine is idle.' });
        const image = options.keepImage ? false : await removeImage(SANDBOX_IMAGE);
        rmSync(classroomDir(), { recursive: true, force: true });
        output.line(
          output.ok(
            `Removed ${sandboxes.length} sandbox${sandboxes.length === 1 ? '' : 'es'} with their volumes${image ? `, and ${SANDBOX_IMAGE}` : ''}; the learners' state under ${classroomDir()} is gone.`,
          ),
        );
        output.result({ ok: true, sandboxes: sandboxes.map((sandbox) => sandbox.name), image: image ? SANDBOX_IMAGE : null });
        return ExitCode.ok;
      }),
    );
}
