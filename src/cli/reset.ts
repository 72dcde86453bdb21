import { Command } from 'commander';
import { readBaseline } from '../lab/state.js';
import { activeScenario } from '../scenarios/index.js';
import { action } from './action.js';
import { labOptions, resolvedLabOptions, type LabOptions } from './lab-options.js';
import { upAndReport, withLabLock } from './lab-run.js';

export function resetCommand(): Command {
  const command = new Command('reset')
    .description(activeScenario.texts.reset)
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab reset            # ${activeScenario.texts.resetExample}
  $ async-outage-lab reset --json

Your docker command history starts over too (the old one is kept beside it).`,
    );
  for (const option of labOptions()) command.addOption(option);
  return command.action(
    action<LabOptions>(async (options, output) =>
      withLabLock('reset', output, async () => {
        const read = readBaseline();
        const previous = read.kind === 'ok' ? read.baseline : undefined;
        return upAndReport('reset', resolvedLabOptions(options, previous), output);
      }),
    ),
  );
}
