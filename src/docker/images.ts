import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { environmentError, LabError } from '../errors.js';
import { DEFAULT_BASE_IMAGE, IMAGE, LOCAL_BASE_IMAGE } from '../project/names.js';
import { packageRoot } from '../project/paths.js';
import { cliEnv, runDocker } from './cli.js';
import type { StackFiles } from './compose.js';
import { imageExists } from './engine.js';

export type BaseSource = 'given' | 'local-debootstrap' | 'local' | 'pulled' | 'built-debootstrap';

/**
 * Finds a base image without needing a registry: an explicit one, the debootstrap-built one, a
 * debian:trixie-slim already here, a pull, and last a debootstrap build from Debian's packages.
 */
export async function ensureBaseImage(
  explicit: string | undefined,
  progress: (detail: string) => void = () => {},
): Promise<{ image: string; source: BaseSource }> {
  if (explicit) {
    if (!(await imageExists(explicit))) {
      progress(`pulling ${explicit}`);
      const pulled = await runDocker(['pull', explicit], { timeout: 300_000 });
      if (pulled.exitCode !== 0) {
        throw environmentError(
          `Base image ${explicit} is not here and could not be pulled.`,
          `Pull or load it first (\`docker pull ${explicit}\`), or drop --base to use the default.`,
        );
      }
    }
    return { image: explicit, source: 'given' };
  }
  if (await imageExists(LOCAL_BASE_IMAGE)) return { image: LOCAL_BASE_IMAGE, source: 'local-debootstrap' };
  if (await imageExists(DEFAULT_BASE_IMAGE)) return { image: DEFAULT_BASE_IMAGE, source: 'local' };
  progress(`pulling ${DEFAULT_BASE_IMAGE}`);
  const pulled = await runDocker(['pull', DEFAULT_BASE_IMAGE], { timeout: 120_000 });
  if (pulled.exitCode === 0) return { image: DEFAULT_BASE_IMAGE, source: 'pulled' };
  progress('no registry answered: building the base from Debian packages (about a minute)');
  await buildDebootstrapBase();
  return { image: LOCAL_BASE_IMAGE, source: 'built-debootstrap' };
}

/** scripts/build-base.sh: mmdebstrap (or debootstrap) + docker import. Idempotent. */
export async function buildDebootstrapBase(): Promise<string> {
  const script = join(packageRoot(), 'scripts', 'build-base.sh');
  if (process.platform !== 'linux') {
    throw environmentError(
      `No registry answered and ${DEFAULT_BASE_IMAGE} is not here; building it from Debian packages needs a Linux host with mmdebstrap or debootstrap.`,
      `Load the image from a machine that has it: \`docker save ${DEFAULT_BASE_IMAGE} | docker load\` (or docker save/load of ${LOCAL_BASE_IMAGE}).`,
    );
  }
  const result = await execa('bash', [script, LOCAL_BASE_IMAGE], { env: cliEnv(), reject: false, all: true, stdin: 'ignore' });
  if (result.exitCode !== 0) {
    throw new LabError(
      `Building the base image from Debian packages failed (exit ${result.exitCode}):\n${(result.all ?? '').split('\n').slice(-10).join('\n')}`,
      {
        hint: "It needs root, mmdebstrap (`apt-get install mmdebstrap`) or debootstrap, and Debian's mirror. Or load a base: `docker load -i base.tar`.",
        exitCode: result.exitCode === 3 ? 3 : 4,
      },
    );
  }
  return result.all ?? '';
}

/** Builds the lab's one image (every container of the stack runs it); the layer cache makes repeats fast. */
export async function buildLabImage(baseImage: string, stack: StackFiles): Promise<void> {
  const root = packageRoot();
  for (const file of stack.built ?? []) {
    if (!existsSync(join(root, file.path)))
      throw new LabError(`${file.what} (${file.path}) is missing.`, { hint: 'Run `npm run build` in the project, then try again.', exitCode: 3 });
  }
  const result = await runDocker(['build', '--tag', IMAGE, '--build-arg', `BASE=${baseImage}`, '--file', join(root, stack.dockerfile), root], {
    env: cliEnv({ DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? '' }),
    timeout: 900_000,
  });
  if (result.exitCode !== 0) {
    throw new LabError(
      `Building ${IMAGE} failed (exit ${result.exitCode}):\n${String(result.all ?? '')
        .split('\n')
        .slice(-15)
        .join('\n')}`,
      {
        hint: `The base was ${baseImage}. A slim base installs packages with apt-get during the build and needs Debian's mirror.`,
      },
    );
  }
}
