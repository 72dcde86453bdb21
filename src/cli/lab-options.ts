import { Option } from 'commander';
import { activeScenario } from '../scenarios/index.js';
import { intOption } from './action.js';

const defaults = () => activeScenario.defaults;

/** Options shared by `up` and `reset`. */
export const labOptions = () => [
  new Option('--backlog <jobs>', activeScenario.texts.backlogOption).argParser(intOption('--backlog', 10, 100_000)).default(defaults().backlog),
  new Option('--web-port <port>', "loopback port for the lab's site").argParser(intOption('--web-port', 1024, 65_535)),
  new Option('--customer-interval <ms>', 'simulated customers submit one export every <ms> (0 turns them off)').argParser(
    intOption('--customer-interval', 0, 3_600_000),
  ),
  new Option('--base <image>', 'base image for the lab image (default: debian:trixie-slim, or one built from Debian packages)'),
  new Option('--json', 'print one JSON object instead of progress'),
];

export interface LabOptions {
  backlog: number;
  webPort?: number;
  customerInterval?: number;
  base?: string;
  json?: boolean;
}

export const resolvedLabOptions = (options: LabOptions, previous?: { webPort: number; customerIntervalMs: number }) => ({
  backlog: options.backlog,
  webPort: options.webPort ?? previous?.webPort ?? defaults().webPort,
  customerIntervalMs: options.customerInterval ?? previous?.customerIntervalMs ?? defaults().customerIntervalMs,
  base: options.base,
});
