import { Command } from 'commander';

export function envCommand(): Command {
  return new Command('env').description('not built yet');
}
