import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { environmentError } from '../errors.js';
import { ensureStateDir, writeStateFile } from '../lab/state-dir.js';
import { envWithoutShim } from '../project/own-env.js';
import { packageRoot, statePaths } from '../project/paths.js';
import { findRealProgram, SHIM_ENV, SHIM_MARKER, SHIMMED_PROGRAMS, type ShimmedProgram, safeRealpath } from './find.js';

export type LabPaths = ReturnType<typeof statePaths>;

export interface EnsureShimOptions {
  /** The shim program to run (default: packageRoot()/dist/shim.js). */
  shimJs?: string;
  /** The node binary the shim runs under (default: this process's). */
  nodePath?: string;
  /** The environment whose PATH locates the real docker at install time (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface ShimInstall {
  shimDir: string;
  /** The `docker` script. */
  docker: string;
  /** The real docker found at install time (the shim looks on PATH again each time it runs). */
  realDocker: string | undefined;
  /** The `docker-compose` script: only installed when a real docker-compose (compose v1) exists. */
  compose: string | undefined;
  realCompose: string | undefined;
}

/**
 * Quotes a value for a POSIX sh script (and bash, zsh): always single quotes, so it holds for
 * every /bin/sh, unlike session-log's shellQuote, which may use bash's $'...' for display.
 */
export const shSingleQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export interface ShimScriptOptions {
  program: ShimmedProgram;
  shimDir: string;
  nodePath: string;
  shimJs: string;
  realProgram: string | undefined;
}

/**
 * The text of one shim script: a POSIX sh script that execs node on dist/shim.js with the
 * arguments untouched. Should node or dist/shim.js have gone (an npx cache cleaned, a node
 * version removed), it runs the real program unrecorded rather than break the learner's docker.
 */
export function shimScript(options: ShimScriptOptions): string {
  const real = options.realProgram ?? '';
  return `#!/bin/sh
# ${SHIM_MARKER} for ${options.program}: records the command in the lab's session log, then runs the real ${options.program}.
# Written by async-outage-lab (\`async-outage-lab shell\` or \`env\`), which rewrites it as needed; safe to delete.
${SHIM_ENV.program}=${shSingleQuote(options.program)}
${SHIM_ENV.dir}=${shSingleQuote(options.shimDir)}
${SHIM_ENV.self}="$0"
${SHIM_ENV.real}=${shSingleQuote(real)}
export ${SHIM_ENV.program} ${SHIM_ENV.dir} ${SHIM_ENV.self} ${SHIM_ENV.real}
aol_node=${shSingleQuote(options.nodePath)}
aol_shim=${shSingleQuote(options.shimJs)}
[ -x "$aol_node" ] || aol_node=node
if [ ! -f "$aol_shim" ] && [ -n "$${SHIM_ENV.real}" ] && [ -x "$${SHIM_ENV.real}" ]; then
  exec "$${SHIM_ENV.real}" "$@"
fi
exec "$aol_node" "$aol_shim" "$@"
`;
}

/** Writes a file only when its content differs, through a rename so a running shim never reads half of it. */
function writeIfChanged(path: string, content: string): void {
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) {
    chmodSync(path, 0o755);
    return;
  }
  writeStateFile(path, content, 0o755); // no secret in it; its directory is the user's alone
}

/**
 * Installs (or refreshes) the recording shim in paths.shimDir: a `docker` script, and a
 * `docker-compose` one when compose v1 is installed. Idempotent and cheap; call it before
 * putting the shim directory on a PATH.
 */
export function ensureShim(paths: LabPaths = statePaths(), options: EnsureShimOptions = {}): ShimInstall {
  const shimDir = resolve(paths.shimDir);
  const shimJs = resolve(options.shimJs ?? join(packageRoot(), 'dist', 'shim.js'));
  const nodePath = options.nodePath ?? process.execPath;
  const env = options.env ?? process.env;
  if (!existsSync(shimJs)) {
    throw environmentError(
      `the recording docker shim is not built: ${shimJs} is missing`,
      'run `npm run build` in the async-outage-lab package (npm install does it for you), then try again',
    );
  }
  ensureStateDir(dirname(shimDir));
  ensureStateDir(shimDir);

  const found = {} as Record<ShimmedProgram, string | undefined>;
  for (const program of SHIMMED_PROGRAMS) {
    found[program] = findRealProgram({ name: program, path: env.PATH, skipDirs: [shimDir], skipFiles: [join(shimDir, program)], pathExt: env.PATHEXT });
  }

  const install: ShimInstall = { shimDir, docker: join(shimDir, 'docker'), realDocker: found.docker, compose: undefined, realCompose: found['docker-compose'] };
  try {
    writeIfChanged(install.docker, shimScript({ program: 'docker', shimDir, nodePath, shimJs, realProgram: found.docker }));
    const composePath = join(shimDir, 'docker-compose');
    if (found['docker-compose']) {
      writeIfChanged(composePath, shimScript({ program: 'docker-compose', shimDir, nodePath, shimJs, realProgram: found['docker-compose'] }));
      install.compose = composePath;
    } else {
      // No compose v1 here (any more): a shim in front of nothing would only hide "command not found".
      rmSync(composePath, { force: true });
    }
  } catch (cause) {
    throw environmentError(
      `cannot write the docker shim in ${shimDir}: ${(cause as Error).message}`,
      'set ASYNC_OUTAGE_LAB_HOME to a directory you can write to',
      cause,
    );
  }
  return install;
}

/** PATH with the shim directory first (and nowhere else). */
export function pathWithShim(shimDir: string, path: string | undefined = process.env.PATH): string {
  const own = safeRealpath(shimDir);
  const rest = (path ?? '').split(delimiter).filter((entry) => entry && safeRealpath(entry) !== own);
  return [shimDir, ...rest].join(delimiter);
}

export { envWithoutShim };
