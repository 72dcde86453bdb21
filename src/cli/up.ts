import { Command } from 'commander';

export function upCommand(): Command {
  return new Command('up').description('not built yet');
}
