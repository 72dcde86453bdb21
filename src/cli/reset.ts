import { Command } from 'commander';

export function resetCommand(): Command {
  return new Command('reset').description('not built yet');
}
