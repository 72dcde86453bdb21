import { Option } from 'commander';
import { DEFAULT_BACKLOG, DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from '../scenarios/worker-oom/figures.js';
import { intOption } from './action.js';

/** Options shared by `up` and `reset`. */
export const labOptions = () => [
  new Option('--backlog <jobs>', 'export jobs to queue before the worker starts').argParser(intOption('--backlog', 10, 100_000)).default(DEFAULT_BACKLOG),
  new Option('--web-port <port>', 'loopback port for the web').argParser(intOption('--web-port', 1024, 65_535)),
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
  webPort: options.webPort ?? previous?.webPort ?? DEFAULT_WEB_PORT,
  customerIntervalMs: options.customerInterval ?? previous?.customerIntervalMs ?? DEFAULT_CUSTOMER_INTERVAL_MS,
  base: options.base,
});
