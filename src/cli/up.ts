import { Argument, Command } from 'commander';
import { ExitCode } from '../errors.js';
import { upSecondsText } from '../project/names.js';
import { upLab } from '../usecases/up.js';
import { action } from './action.js';
import { type LabOptions, labOptions, upRequestOf } from './lab-options.js';
import { reportStaged, withLabLock } from './lab-run.js';
import { catalog, helpScenario } from './scenario-choice.js';

export function upCommand(): Command {
  const scenario = helpScenario();
  const command = new Command('up')
    .description(scenario.texts.up)
    .addArgument(
      new Argument(
        '[scenario]',
        `the outage to stage (\`async-outage-lab scenarios\` lists them; default: the one up, else the default that \`scenarios\` marks)`,
      ),
    )
    .option('--force', 'recreate the lab even if it is already up')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab up                      # ${scenario.texts.upExample}
  $ async-outage-lab up --backlog 300        # a smaller backlog, for a quicker drain

It takes ${upSecondsText}; the first run builds the images.
  $ async-outage-lab up --port 8090          # when 8080 is taken
  $ async-outage-lab up --force --json       # recreate, print one JSON object (for scripts)`,
    );
  for (const option of labOptions(scenario)) command.addOption(option);
  return command.action(
    action<LabOptions & { force?: boolean }>(async (options, output, args, self) =>
      withLabLock('up', output, async () => {
        const asked = upRequestOf(options, self);
        const outcome = await upLab(catalog, { scenarioId: args[0], force: Boolean(options.force), settings: asked }, output);
        if (outcome.kind === 'staged') return reportStaged('up', outcome, output);
        const { running, baseline } = outcome;
        output.line(running.message);
        if (asked.sitePort !== undefined && asked.sitePort !== baseline.sitePort) {
          output.line(`It serves on port ${baseline.sitePort}; to move it to ${asked.sitePort}, run \`async-outage-lab up --force --port ${asked.sitePort}\`.`);
        }
        output.line(output.dim('`async-outage-lab check` grades it; `reset` starts over; `up --force` recreates it.'));
        output.result({
          ok: true,
          command: 'up',
          scenario: outcome.scenario.id,
          alreadyUp: true,
          untouched: running.untouched,
          siteUrl: `http://127.0.0.1:${baseline.sitePort}/`,
        });
        return ExitCode.ok;
      }),
    ),
  );
}
