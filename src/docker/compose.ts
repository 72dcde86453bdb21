import { join } from 'node:path';
import { execa } from 'execa';
import { environmentError, LabError } from '../errors.js';
import { PROJECT } from '../project/names.js';
import { packageRoot } from '../project/paths.js';
import { cliEnv } from './cli.js';

/** How compose is invoked on this machine: `docker compose` (v2) or `docker-compose` (v1). */
export interface ComposeTool {
  command: string;
  prefix: string[];
  version: string;
}

const V2: Pick<ComposeTool, 'command' | 'prefix'> = { command: 'docker', prefix: ['compose'] };
const V1: Pick<ComposeTool, 'command' | 'prefix'> = { command: 'docker-compose', prefix: [] };

/**
 * ASYNC_OUTAGE_LAB_COMPOSE pins one compose: `v2` (`docker compose`) or `v1` (`docker-compose`).
 * Unset, the lab takes v2 when it answers, else v1. The CI legs pin it (scripts/engine-leg.sh),
 * so that a leg proves the compose it names even on a machine that has both.
 */
export function composeCandidates(pinned: string | undefined): Array<Pick<ComposeTool, 'command' | 'prefix'>> {
  if (pinned === undefined || pinned === '') return [V2, V1];
  if (pinned === 'v2') return [V2];
  if (pinned === 'v1') return [V1];
  throw environmentError(
    `ASYNC_OUTAGE_LAB_COMPOSE is "${pinned}"; it takes v2 (\`docker compose\`) or v1 (\`docker-compose\`).`,
    'Set it to v2 or v1, or unset it to let the lab choose (v2 when it answers, else v1).',
  );
}

/**
 * The version in what `version --short` printed: `1.29.2` from docker-compose v1, `2.26.1-4`
 * from Debian's v2 plugin, `v2.29.7` from some builds of Docker's. Undefined when it is not one.
 */
export function composeVersionFrom(stdout: string): string | undefined {
  const first = stdout.trim().split('\n')[0]?.trim() ?? '';
  return /^v?\d+\.\d+/.test(first) ? first.replace(/^v/, '') : undefined;
}

function composeMissing(pinned: string | undefined) {
  if (pinned === 'v2') {
    return environmentError(
      'ASYNC_OUTAGE_LAB_COMPOSE=v2 asks for `docker compose` (v2), and it does not answer here (`docker compose version` fails).',
      'Install the Compose v2 plugin (Docker Desktop ships it; Debian/Ubuntu: `apt-get install docker-compose-plugin`), or unset ASYNC_OUTAGE_LAB_COMPOSE.',
    );
  }
  if (pinned === 'v1') {
    return environmentError(
      'ASYNC_OUTAGE_LAB_COMPOSE=v1 asks for `docker-compose` (v1), and it does not answer here (`docker-compose version` fails).',
      'Install it (Debian/Ubuntu: `apt-get install docker-compose`), or unset ASYNC_OUTAGE_LAB_COMPOSE.',
    );
  }
  return environmentError(
    'Neither `docker compose` (v2) nor `docker-compose` (v1) was found.',
    'Install Docker Compose: Docker Desktop ships it; on Debian/Ubuntu `apt-get install docker-compose-plugin` (or `docker-compose`).',
  );
}

let detected: Promise<ComposeTool> | undefined;

export function detectCompose(): Promise<ComposeTool> {
  detected ??= (async () => {
    const pinned = process.env.ASYNC_OUTAGE_LAB_COMPOSE;
    for (const candidate of composeCandidates(pinned)) {
      const result = await execa(candidate.command, [...candidate.prefix, 'version', '--short'], { env: cliEnv(), reject: false, timeout: 15_000 });
      const version = result.exitCode === 0 ? composeVersionFrom(result.stdout) : undefined;
      if (version) return { ...candidate, version };
    }
    throw composeMissing(pinned);
  })();
  return detected;
}

/** Where a stack lives, relative to the package root: its compose files and the Dockerfile of its one image. */
export interface StackFiles {
  /** Read in order: the shared stack's file first, then each file of what an outage changes in it. */
  composeFiles: readonly string[];
  dockerfile: string;
  /** Files the image build copies that `npm run build` makes, each with what it is (relative to the package root). */
  built?: ReadonlyArray<{ path: string; what: string }>;
  /** Compose files laid over the stack's own, in order (relative to the package root): what one outage changes. */
  overrides?: readonly string[];
}

/** One compose run: the stack's files and the variables its compose file reads. */
export interface ComposeRun {
  stack: StackFiles;
  env: Record<string, string>;
}

/** The `--file` arguments for a stack's compose files, each from the package root. */
export const composeFileArgs = (stack: StackFiles) => stack.composeFiles.flatMap((file) => ['--file', join(packageRoot(), file)]);

/** Runs one compose command for the lab's project; fails with compose's own output on error. */
export async function compose(args: string[], run: ComposeRun, what: string): Promise<string> {
  const tool = await detectCompose();
  const result = await execa(tool.command, [...tool.prefix, '--project-name', PROJECT, ...composeFileArgs(run.stack), ...args], {
    env: cliEnv({ ...run.env, COMPOSE_PROJECT_NAME: PROJECT }),
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
