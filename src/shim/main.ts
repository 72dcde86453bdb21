/**
 * The recording docker shim (bundled to dist/shim.js; the `docker` script in the shim directory
 * execs it). It runs the real docker with the terminal handed straight through, then appends one
 * JSON line to the session log. It prints nothing of its own, except one line when there is no
 * real docker to run.
 */
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { appendStateLine } from '../lab/state-dir.js';
import { statePaths } from '../project/paths.js';
import { findRealProgram, NO_RECORD_ENV, SHIM_ENV, usableFallback } from './find.js';
import { type SessionEntry, SHELL_ID_ENV } from './session-log.js';

const startedAt = new Date();
const started = performance.now();
const argv = process.argv.slice(2);
const env = process.env;
const program = env[SHIM_ENV.program] === 'docker-compose' ? 'docker-compose' : 'docker';

const paths = (() => {
  try {
    return statePaths();
  } catch {
    return undefined;
  }
})();

function cwd(): string {
  try {
    return process.cwd();
  } catch {
    return env.PWD ?? '';
  }
}

/** Appends the entry as one line in one write, so shims running at once never interleave. */
function record(exitCode: number | null, signal?: NodeJS.Signals): void {
  if (env[NO_RECORD_ENV] === '1' || !paths) return;
  const entry: SessionEntry = {
    at: startedAt.toISOString(),
    argv,
    exitCode,
    ...(signal ? { signal } : {}),
    durationMs: Math.round(performance.now() - started),
    cwd: cwd(),
    ...(program === 'docker-compose' ? { program } : {}),
    ...(env[SHELL_ID_ENV] ? { shell: env[SHELL_ID_ENV] } : {}),
  };
  try {
    appendStateLine(paths.sessionLog, `${JSON.stringify(entry)}\n`);
  } catch {
    // The recording is a nice-to-have; the learner's docker command is not. Stay silent (a log
    // that is a link or someone else's is then refused by the commands that read it).
  }
}

/** One line on stderr, written synchronously (process.stderr can be asynchronous on a pipe) so exit cannot lose it. */
function say(text: string): void {
  try {
    writeSync(2, `${text}\n`);
  } catch {
    // Nowhere to say it.
  }
}

function finish(code: number): never {
  process.exit(code);
}

// Where not to look: the shim's own directory (fixed at install time, and wherever $0 says the
// script is) and the script itself, however PATH spells them.
const self = env[SHIM_ENV.self] ? resolve(env[SHIM_ENV.self]!) : undefined;
const skipDirs = [env[SHIM_ENV.dir], self ? dirname(self) : undefined, paths?.shimDir].filter((dir): dir is string => Boolean(dir));
const skipFiles = [self, ...skipDirs.map((dir) => join(dir, program))].filter((file): file is string => Boolean(file));

const real = findRealProgram({ name: program, path: env.PATH, skipDirs, skipFiles, pathExt: env.PATHEXT }) ?? usableFallback(env[SHIM_ENV.real], skipFiles);

if (!real) {
  say(
    `async-outage-lab: no real \`${program}\` found on PATH (the recording shim in ${env[SHIM_ENV.dir] ?? skipDirs[0] ?? 'the shim directory'} only stands in front of one): install the ${program === 'docker' ? 'Docker CLI' : 'docker-compose tool'} or fix PATH.`,
  );
  record(127);
  finish(127);
}

// The real program gets the environment as it was, minus the shim's own variables.
const childEnv: NodeJS.ProcessEnv = { ...env };
for (const name of Object.values(SHIM_ENV)) delete childEnv[name];

const child = spawn(real, argv, { stdio: 'inherit', env: childEnv });

// Ctrl-C reaches the whole foreground process group, the real docker included: let it decide
// (docker exec -it passes it into the container, docker logs -f stops) and report how it ended.
const ignore = () => {};
process.on('SIGINT', ignore);
// Signals sent to this process alone (kill, a closing terminal, a CI runner) go on to docker.
const forwarded: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT'];
if (process.platform === 'win32') forwarded.length = 0;
for (const signal of forwarded) {
  process.on(signal, () => {
    try {
      child.kill(signal);
    } catch {
      // It has already gone.
    }
  });
}

child.on('error', (error: NodeJS.ErrnoException) => {
  // Found, but it could not be started (removed or made non-executable in between).
  const code = error.code === 'ENOENT' ? 127 : 126;
  say(`async-outage-lab: could not run ${real}: ${error.message}`);
  record(code);
  finish(code);
});

child.on('exit', (code, signal) => {
  if (signal) {
    record(null, signal);
    finish(128 + (constants.signals[signal] ?? 0));
  }
  record(code ?? 0);
  finish(code ?? 0);
});
