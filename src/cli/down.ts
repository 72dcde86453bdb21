import { Command } from 'commander';

export function downCommand(): Command {
  return new Command('down').description('not built yet');
}
