import { type Command, Option } from 'commander';
import type { AnyScenario } from '../scenario/contract.js';
import type { UpRequest } from '../usecases/up.js';
import { intOption } from './action.js';

/** Options shared by `up` and `reset`; the defaults shown are those of the outage the help speaks of. */
export const labOptions = (scenario: AnyScenario) => [
  new Option('--backlog <jobs>', scenario.texts.backlogOption).argParser(intOption('--backlog', 10, 100_000)).default(scenario.lab.defaults.backlog),
  new Option('--port <port>', "loopback port for the lab's site").argParser(intOption('--port', 1024, 65_535)),
  new Option('--traffic-interval <ms>', 'simulated customers submit one export every <ms> (0 turns them off)').argParser(
    intOption('--traffic-interval', 0, 3_600_000),
  ),
  new Option('--base <image>', 'base image for the lab image (default: debian:trixie-slim, or one built from Debian packages)'),
  new Option('--json', 'print one JSON object instead of progress'),
];

export interface LabOptions {
  backlog: number;
  port?: number;
  trafficInterval?: number;
  base?: string;
  json?: boolean;
}

/** What was asked: a `--backlog` left at the help's default leaves the choice to the outage staged. */
export const upRequestOf = (options: LabOptions, command: Command): UpRequest => ({
  backlog: command.getOptionValueSource('backlog') === 'default' ? undefined : options.backlog,
  sitePort: options.port,
  trafficIntervalMs: options.trafficInterval,
  base: options.base,
});
