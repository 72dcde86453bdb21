import { Command } from 'commander';
import { readBaseline, removeBaseline } from '../lab/state.js';
import { action } from './action.js';
import { labOptions, resolvedLabOptions, type LabOptions } from './lab-options.js';
import { upAndReport, withLabLock } from './lab-run.js';

export function resetCommand(): Command {
  const command = new Command('reset')
    .description('put the outage back exactly as it started, from any state: fresh containers, volumes, backlog and OOM kill')
    .addHelpText(
      'after',
      `
Examples:
  $ async-outage-lab reset            # after a fix, a flushed Redis, a removed worker, anything
  $ async-outage-lab reset --json

Your docker command history starts over too (the old one is kept beside it).`,
    );
  for (const option of labOptions()) command.addOption(option);
  return command.action(
    action<LabOptions>(async (options, output) =>
      withLabLock('reset', output, async () => {
        const read = readBaseline();
        const previous = read.kind === 'ok' ? read.baseline : undefined;
        // The old baseline describes containers about to be removed: drop it first, so an
        // interrupted reset never leaves a baseline that points at nothing.
        removeBaseline();
        return upAndReport('reset', resolvedLabOptions(options, previous), output);
      }),
    ),
  );
}
