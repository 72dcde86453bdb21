import { Command } from 'commander';

export function shellCommand(): Command {
  return new Command('shell').description('not built yet');
}
