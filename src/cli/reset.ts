import { Command } from 'commander';
import { resetLab } from '../usecases/up.js';
import { action } from './action.js';
import { type LabOptions, labOptions, upRequestOf } from './lab-options.js';
import { reportStaged, withLabLock } from './lab-run.js';
import { catalog, helpScenario } from './scenario-choice.js';

export function resetCommand(): Command {
  const scenario = helpScenario();
  const command = new Command('reset').description(scenario.texts.reset).addHelpText(
    'after',
    `
Examples:
  $ async-outage-lab reset            # ${scenario.texts.resetExample}
  $ async-outage-lab reset --json

Your docker command history starts over too (the old one is kept beside it).`,
  );
  for (const option of labOptions(scenario)) command.addOption(option);
  return command.action(
    action<LabOptions>(async (options, output, _args, self) =>
      withLabLock('reset', output, async () => reportStaged('reset', await resetLab(catalog, upRequestOf(options, self), output), output)),
    ),
  );
}
