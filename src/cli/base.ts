import { Command } from 'commander';

export function baseCommand(): Command {
  return new Command('base').description('not built yet');
}
