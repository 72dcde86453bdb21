import { join } from 'node:path';
import { execa } from 'execa';
import { environmentError, LabError } from '../errors.js';
import { packageRoot } from '../lab/paths.js';
import { PROJECT } from '../lab/scenario.js';
import { cliEnv } from './cli.js';

/** How compose is invoked on this machine: `docker compose` (v2) or `docker-compose` (v1). */
export interface ComposeTool {
  command: string;
  prefix: string[];
  version: string;
}

let detected: Promise<ComposeTool> | undefined;

export function detectCompose(): Promise<ComposeTool> {
  detected ??= (async () => {
    // ASYNC_OUTAGE_LAB_COMPOSE=v1 or v2 pins one (CI uses it to test both on one runner).
    const pinned = process.env.ASYNC_OUTAGE_LAB_COMPOSE;
    const all: Array<[string, string[]]> = [
      ['docker', ['compose']],
      ['docker-compose', []],
    ];
    const candidates = pinned === 'v1' ? all.slice(1) : pinned === 'v2' ? all.slice(0, 1) : all;
    for (const [command, prefix] of candidates) {
      const result = await execa(command, [...prefix, 'version', '--short'], { env: cliEnv(), reject: false, timeout: 15_000 });
      if (result.exitCode === 0 && /\d+\.\d+/.test(result.stdout)) {
        return { command, prefix, version: result.stdout.trim().split('\n')[0] ?? '' };
      }
    }
    throw environmentError(
      'Neither `docker compose` (v2) nor `docker-compose` (v1) was found.',
      'Install Docker Compose: Docker Desktop ships it; on Debian/Ubuntu `apt-get install docker-compose-plugin` (or `docker-compose`).',
    );
  })();
  return detected;
}

export interface ComposeSettings {
  webPort: number;
  customerIntervalMs: number;
  labToken: string;
  workerMemory: string;
  baseImage?: string;
}

export const composeFile = () => join(packageRoot(), 'compose', 'docker-compose.yml');

/** Runs one compose command for the lab's project; fails with compose's own output on error. */
export async function compose(args: string[], settings: ComposeSettings, what: string): Promise<string> {
  const tool = await detectCompose();
  const result = await execa(tool.command, [...tool.prefix, '--project-name', PROJECT, '--file', composeFile(), ...args], {
    env: cliEnv({
      AOL_WEB_PORT: String(settings.webPort),
      AOL_CUSTOMER_INTERVAL_MS: String(settings.customerIntervalMs),
      AOL_LAB_TOKEN: settings.labToken,
      AOL_WORKER_MEMORY: settings.workerMemory,
      AOL_BASE_IMAGE: settings.baseImage ?? '',
      COMPOSE_PROJECT_NAME: PROJECT,
    }),
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  if (result.exitCode !== 0) {
    const tail = (result.all ?? '').split('\n').slice(-12).join('\n');
    throw new LabError(`${what} failed: \`${tool.command} ${[...tool.prefix, ...args].join(' ')}\` exited ${result.exitCode}\n${tail}`, {
      hint: 'Check that the Docker daemon is healthy (`docker info`); `async-outage-lab down` then `up` starts clean.',
    });
  }
  return result.all ?? '';
}
