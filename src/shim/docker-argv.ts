/**
 * The docker and compose CLIs' own grammar, as far as reading a recorded command needs it: which
 * options take a value, so that positionals (container names, commands) can be told apart.
 */

/** Options of the docker CLI itself (before the subcommand) that take a value. */
export const DOCKER_GLOBAL_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/** For each docker subcommand classified here, the options that take a separate value. */
export const UPDATE_VALUE = [
  '--blkio-weight',
  '--cpu-period',
  '--cpu-quota',
  '--cpu-rt-period',
  '--cpu-rt-runtime',
  '-c',
  '--cpu-shares',
  '--cpus',
  '--cpuset-cpus',
  '--cpuset-mems',
  '-m',
  '--memory',
  '--memory-reservation',
  '--memory-swap',
  '--pids-limit',
  '--restart',
  '--kernel-memory',
];
export const DOCKER_VALUE: Record<string, ReadonlySet<string>> = {
  restart: new Set(['-t', '--time', '--timeout', '-s', '--signal']),
  stop: new Set(['-t', '--time', '--timeout', '-s', '--signal']),
  kill: new Set(['-s', '--signal']),
  update: new Set(UPDATE_VALUE),
};
/** The same for docker compose / docker-compose subcommands. */
export const COMPOSE_VALUE: Record<string, ReadonlySet<string>> = {
  restart: new Set(['-t', '--timeout']),
  stop: new Set(['-t', '--timeout']),
  kill: new Set(['-s', '--signal']),
  down: new Set(['-t', '--timeout', '--rmi']),
  up: new Set(['-t', '--timeout', '--scale', '--exit-code-from', '--pull', '--attach', '--no-attach', '--wait-timeout']),
  create: new Set(['--scale', '--pull']),
};
export const NONE: ReadonlySet<string> = new Set();

/** Options of docker compose / docker-compose themselves (before the subcommand) that take a value. */
export const COMPOSE_GLOBAL_VALUE = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--project-directory',
  '--env-file',
  '--profile',
  '--ansi',
  '--progress',
  '--parallel',
  '-H',
  '--host',
  '--context',
  '-c',
  '--log-level',
  '--tlscacert',
  '--tlscert',
  '--tlskey',
]);

export interface Parsed {
  options: string[];
  positionals: string[];
  help: boolean;
}

/**
 * Splits a subcommand's arguments into options and positionals, skipping the values of options
 * known to take one. With `stopAtFirst`, stops at the first positional (docker exec CONTAINER
 * COMMAND...: what follows belongs to the command in the container).
 */
export function parseArgs(args: readonly string[], valueOptions: ReadonlySet<string>, stopAtFirst = false): Parsed & { rest: string[] } {
  const options: string[] = [];
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      options.push(arg);
      if (valueOptions.has(arg)) i++;
      else if (arg === '--help' || arg === '-h') help = true;
      continue;
    }
    positionals.push(arg);
    if (stopAtFirst) return { options, positionals, help, rest: args.slice(i + 1) };
  }
  return { options, positionals, help, rest: [] };
}

export const hasOption = (options: readonly string[], ...names: string[]) =>
  options.some((option) => names.some((name) => option === name || option.startsWith(`${name}=`)));

/** Short flags may be bundled (-fv): true when the single letter appears in a bundle. */
export const hasShortFlag = (options: readonly string[], letter: string) => options.some((option) => /^-[A-Za-z]+$/.test(option) && option.includes(letter));

/** Options of docker exec that take a value (its flags -i -t -d are bundled freely: -it). */
export const EXEC_VALUE = new Set(['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--index']);
