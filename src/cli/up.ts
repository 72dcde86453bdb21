import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { inspectLab, requireDaemon } from '../docker/engine.js';
import { readBaseline, unusableStateFile } from '../lab/state.js';
import { statePaths } from '../lab/paths.js';
import { activeScenario } from '../scenarios/index.js';
import { upSecondsText } from '../lab/project.js';
import { action } from './action.js';
import { labOptions, resolvedLabOptions, type LabOptions } from './lab-options.js';
import { upAndReport, withLabLock } from './lab-run.js';

export function upCommand(): Command {
  const command = new Command('up')
    .description(activeScenario.texts.up)
    .option('--force', 'recreate the lab even if it is already up')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab up                      # ${activeScenario.texts.upExample}
  $ async-outage-lab up --backlog 300        # a smaller backlog, for a quicker drain

It takes ${upSecondsText}; the first run builds the images.
  $ async-outage-lab up --web-port 8090      # when 8080 is taken
  $ async-outage-lab up --force --json       # recreate, print one JSON object (for scripts)`,
    );
  for (const option of labOptions()) command.addOption(option);
  return command.action(
    action<LabOptions & { force?: boolean }>(async (options, output) =>
      withLabLock('up', output, async () => {
        const read = readBaseline();
        if (read.kind === 'corrupt' && !options.force) {
          throw unusableStateFile(statePaths().baseline, read.reason, 'Run `async-outage-lab reset` (or `up --force`) to rebuild the outage and a fresh state.');
        }
        if (read.kind === 'ok' && !options.force) {
          await requireDaemon();
          const running = activeScenario.running(read.baseline, await inspectLab(activeScenario.containers));
          if (running) {
            const { untouched, message } = running;
            output.line(message);
            if (options.webPort !== undefined && options.webPort !== read.baseline.webPort) {
              output.line(`It serves on port ${read.baseline.webPort}; to move it to ${options.webPort}, run \`async-outage-lab up --force --web-port ${options.webPort}\`.`);
            }
            output.line(output.dim('`async-outage-lab check` grades it; `reset` starts over; `up --force` recreates it.'));
            output.result({ ok: true, command: 'up', alreadyUp: true, untouched, webUrl: `http://127.0.0.1:${read.baseline.webPort}/` });
            return ExitCode.ok;
          }
        }
        const previous = read.kind === 'ok' ? read.baseline : undefined;
        return upAndReport('up', resolvedLabOptions(options, previous), output);
      }),
    ),
  );
}
