import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * One docker command the learner ran through the shim: one JSON line of the session log.
 * `argv` leaves out the program name; `program` is only present for docker-compose.
 */
export interface SessionEntry {
  /** When the command started (ISO 8601, UTC). */
  at: string;
  argv: string[];
  /** The real program's exit code; null when it died from a signal (then `signal` says which). */
  exitCode: number | null;
  signal?: string;
  durationMs: number;
  cwd: string;
  /** Absent for docker; 'docker-compose' when the compose v1 shim recorded it. */
  program?: 'docker-compose';
}

/** The part of statePaths() the session log needs. */
export interface SessionLogPaths {
  dir: string;
  sessionLog: string;
}

// ---------------------------------------------------------------------------------------------
// Reading and rotating
// ---------------------------------------------------------------------------------------------

/** Turns one parsed line into an entry, or undefined when it is not one. */
export function toSessionEntry(value: unknown): SessionEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.at !== 'string' || !Array.isArray(raw.argv) || !raw.argv.every((arg) => typeof arg === 'string')) return undefined;
  const entry: SessionEntry = {
    at: raw.at,
    argv: raw.argv as string[],
    exitCode: typeof raw.exitCode === 'number' && Number.isInteger(raw.exitCode) ? raw.exitCode : null,
    durationMs: typeof raw.durationMs === 'number' && Number.isFinite(raw.durationMs) ? raw.durationMs : 0,
    cwd: typeof raw.cwd === 'string' ? raw.cwd : '',
  };
  if (typeof raw.signal === 'string') entry.signal = raw.signal;
  if (raw.program === 'docker-compose') entry.program = 'docker-compose';
  return entry;
}

/**
 * Reads the session log. A missing file is an empty session; a line that is cut short (a shim
 * killed mid-write) or garbled is skipped. Never throws because of what the file contains.
 */
export function readSessionLog(path: string): SessionEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  const entries: SessionEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const entry = toSessionEntry(parsed);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** A timestamp that is safe in a file name on every platform: 2026-11-03T14-05-09-123Z. */
const fileStamp = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

/**
 * Moves the current session log aside as session-<timestamp>.jsonl in the same directory, so the
 * next attempt starts with an empty transcript (`reset` calls this). Returns the new path, or
 * undefined when there was no log to move.
 */
export function rotateSessionLog(paths: SessionLogPaths, now: Date = new Date()): string | undefined {
  if (!existsSync(paths.sessionLog)) return undefined;
  const stamp = fileStamp(now);
  let target = join(paths.dir, `session-${stamp}.jsonl`);
  for (let n = 2; existsSync(target); n++) target = join(paths.dir, `session-${stamp}-${n}.jsonl`);
  try {
    renameSync(paths.sessionLog, target);
  } catch (error) {
    // A second reset that got there first: nothing left to move.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return target;
}

// ---------------------------------------------------------------------------------------------
// Showing a command so it can be copied back into a shell
// ---------------------------------------------------------------------------------------------

const SAFE_WORD = /^[A-Za-z0-9_@%+,./:-][A-Za-z0-9_@%+,./:=-]*$/;

/** Quotes one word for a POSIX shell (bash, zsh, sh): plain when safe, '...' or $'...' otherwise. */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(word)) {
    // ANSI-C quoting keeps tabs and newlines copyable and keeps escape sequences off the terminal.
    const escaped = word.replace(/[\\'\x00-\x1f\x7f]/g, (char) => {
      switch (char) {
        case '\\':
          return '\\\\';
        case "'":
          return "\\'";
        case '\n':
          return '\\n';
        case '\t':
          return '\\t';
        case '\r':
          return '\\r';
        default:
          return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
      }
    });
    return `$'${escaped}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The whole command line, program first, quoted so it can be pasted back into a shell. */
export function commandLine(entry: Pick<SessionEntry, 'argv' | 'program'>): string {
  return [entry.program ?? 'docker', ...entry.argv].map(shellQuote).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Which rule of the exercise a command broke
// ---------------------------------------------------------------------------------------------

/** The containers the learner must leave alone. */
const PROTECTED = ['web', 'redis'] as const;
type Protected = (typeof PROTECTED)[number];

const WHY: Record<Protected, string> = {
  web: 'web was healthy all along; the fix leaves it alone',
  redis: 'redis was healthy and holds the backlog; the fix leaves it alone',
};

function touched(verb: string, targets: readonly Protected[]): string {
  const names = targets.join(' and ');
  const why = targets.length === 1 ? WHY[targets[0]!] : 'web and redis were healthy all along; the fix leaves them alone';
  return `${verb} ${names} (${why})`;
}

const protectedIn = (names: readonly string[]): Protected[] =>
  PROTECTED.filter((name) => names.some((candidate) => candidate === name || candidate === `/${name}`));

/** Options of the docker CLI itself (before the subcommand) that take a value. */
const DOCKER_GLOBAL_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/** For each docker subcommand classified here, the options that take a separate value. */
const UPDATE_VALUE = [
  '--blkio-weight', '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime', '-c', '--cpu-shares', '--cpus',
  '--cpuset-cpus', '--cpuset-mems', '-m', '--memory', '--memory-reservation', '--memory-swap', '--pids-limit', '--restart',
  '--kernel-memory',
];
const DOCKER_VALUE: Record<string, ReadonlySet<string>> = {
  restart: new Set(['-t', '--time', '--timeout', '-s', '--signal']),
  stop: new Set(['-t', '--time', '--timeout', '-s', '--signal']),
  kill: new Set(['-s', '--signal']),
  update: new Set(UPDATE_VALUE),
};
/** The same for docker compose / docker-compose subcommands. */
const COMPOSE_VALUE: Record<string, ReadonlySet<string>> = {
  restart: new Set(['-t', '--timeout']),
  stop: new Set(['-t', '--timeout']),
  kill: new Set(['-s', '--signal']),
  down: new Set(['-t', '--timeout', '--rmi']),
  up: new Set(['-t', '--timeout', '--scale', '--exit-code-from', '--pull', '--attach', '--no-attach', '--wait-timeout']),
  create: new Set(['--scale', '--pull']),
};
const NONE: ReadonlySet<string> = new Set();

/** Options of docker compose / docker-compose themselves (before the subcommand) that take a value. */
const COMPOSE_GLOBAL_VALUE = new Set([
  '-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--progress',
  '--parallel', '-H', '--host', '--context', '-c', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
]);

interface Parsed {
  options: string[];
  positionals: string[];
  help: boolean;
}

/**
 * Splits a subcommand's arguments into options and positionals, skipping the values of options
 * known to take one. With `stopAtFirst`, stops at the first positional (docker exec CONTAINER
 * COMMAND...: what follows belongs to the command in the container).
 */
function parseArgs(args: readonly string[], valueOptions: ReadonlySet<string>, stopAtFirst = false): Parsed & { rest: string[] } {
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

const hasOption = (options: readonly string[], ...names: string[]) =>
  options.some((option) => names.some((name) => option === name || option.startsWith(`${name}=`)));

/** Short flags may be bundled (-fv): true when the single letter appears in a bundle. */
const hasShortFlag = (options: readonly string[], letter: string) => options.some((option) => /^-[A-Za-z]+$/.test(option) && option.includes(letter));

const CONTAINER_VERBS: Record<string, string> = {
  restart: 'restarted',
  stop: 'stopped',
  kill: 'killed',
  rm: 'removed',
  remove: 'removed',
  pause: 'paused',
  update: 'changed the settings of',
  rename: 'renamed',
};

function classifyContainerVerb(verb: string, args: readonly string[]): string | undefined {
  const parsed = parseArgs(args, DOCKER_VALUE[verb] ?? NONE);
  if (parsed.help) return undefined;
  const targets = verb === 'rename' ? protectedIn(parsed.positionals.slice(0, 1)) : protectedIn(parsed.positionals);
  return targets.length ? touched(CONTAINER_VERBS[verb]!, targets) : undefined;
}

const VOLUMES = 'removed Docker volumes (redis keeps the queued exports on one; they must survive)';

function classifyDocker(argv: readonly string[]): string | undefined {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    if (argv[i] === '--help' || argv[i] === '-h' || argv[i] === '-v' || argv[i] === '--version') return undefined;
    i += DOCKER_GLOBAL_VALUE.has(argv[i]!) ? 2 : 1;
  }
  const command = argv[i];
  const args = argv.slice(i + 1);
  if (command === undefined) return undefined;
  if (command === 'container') {
    const sub = args[0];
    if (sub === undefined) return undefined;
    return classifyDocker([sub === 'remove' ? 'rm' : sub, ...args.slice(1)]);
  }
  if (command in CONTAINER_VERBS && command !== 'remove') return classifyContainerVerb(command, args);
  switch (command) {
    case 'exec':
      return classifyExec(args);
    case 'compose':
      return classifyCompose(args);
    case 'volume': {
      const sub = args[0];
      const parsed = parseArgs(args.slice(1), NONE);
      if (parsed.help) return undefined;
      if ((sub === 'rm' || sub === 'remove') && parsed.positionals.length) return VOLUMES;
      if (sub === 'prune') return VOLUMES;
      return undefined;
    }
    case 'system': {
      const parsed = parseArgs(args.slice(1), NONE);
      if (args[0] === 'prune' && !parsed.help && hasOption(parsed.options, '--volumes')) return VOLUMES;
      return undefined;
    }
    case 'network': {
      const parsed = parseArgs(args.slice(1), NONE);
      if (args[0] !== 'disconnect' || parsed.help) return undefined;
      const targets = protectedIn(parsed.positionals.slice(1));
      return targets.length ? touched('cut off the network of', targets) : undefined;
    }
    default:
      return undefined;
  }
}

/** docker compose ... / docker-compose ...: the arguments after the program. */
function classifyCompose(argv: readonly string[]): string | undefined {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    if (argv[i] === '--help' || argv[i] === '-h' || argv[i] === '-v' || argv[i] === '--version') return undefined;
    i += COMPOSE_GLOBAL_VALUE.has(argv[i]!) ? 2 : 1;
  }
  const command = argv[i];
  if (command === undefined) return undefined;
  const args = argv.slice(i + 1);
  if (command === 'exec') return classifyExec(args);
  const parsed = parseArgs(args, COMPOSE_VALUE[command] ?? NONE);
  if (parsed.help) return undefined;
  // A compose command without services acts on every service, web and redis included.
  const targets: Protected[] = parsed.positionals.length ? protectedIn(parsed.positionals) : [...PROTECTED];
  switch (command) {
    case 'down':
      if (hasOption(parsed.options, '--volumes') || hasShortFlag(parsed.options, 'v')) {
        return 'took the stack down with its volumes (the queued exports went with redis\'s volume)';
      }
      return touched('took the stack down, removing', [...PROTECTED]);
    case 'rm':
      // Without services, rm only removes stopped containers: web and redis only with -s/--stop.
      if (!parsed.positionals.length && !hasOption(parsed.options, '--stop') && !hasShortFlag(parsed.options, 's')) return undefined;
      return targets.length ? touched('removed', targets) : undefined;
    case 'restart':
    case 'stop':
    case 'kill':
    case 'pause':
      return targets.length ? touched(CONTAINER_VERBS[command]!, targets) : undefined;
    case 'up':
    case 'create':
      if (hasOption(parsed.options, '--force-recreate', '--renew-anon-volumes') || hasShortFlag(parsed.options, 'V')) {
        return targets.length ? touched('recreated', targets) : undefined;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Options of docker exec that take a value (its flags -i -t -d are bundled freely: -it). */
const EXEC_VALUE = new Set(['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--index']);

/** docker exec [OPTIONS] CONTAINER COMMAND [ARG...] (also docker compose exec SERVICE ...). */
function classifyExec(args: readonly string[]): string | undefined {
  const parsed = parseArgs(args, EXEC_VALUE, true);
  if (parsed.help || parsed.positionals.length === 0) return undefined;
  return classifyProcess(parsed.rest, 0);
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** A command run inside a container: redis-cli directly, or a shell whose script runs it. */
function classifyProcess(words: readonly string[], depth: number): string | undefined {
  if (depth > 4) return undefined;
  let i = 0;
  // env VAR=x ..., exec ..., nice ..., leading VAR=x assignments
  while (i < words.length) {
    const word = words[i]!;
    const name = basename(word);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || name === 'env' || name === 'exec' || name === 'command' || name === 'nice' || name === 'timeout') i++;
    else break;
  }
  const program = words[i];
  if (program === undefined) return undefined;
  const name = basename(program).toLowerCase();
  const rest = words.slice(i + 1);
  if (name === 'redis-cli' || name === 'valkey-cli') return classifyRedisCli(rest);
  if (isCeleryPurge(name, rest)) return 'purged the queue with celery purge (the backlog must be drained by the worker, not discarded)';
  if (SHELLS.has(name)) {
    const args = name === 'busybox' && rest[0] && SHELLS.has(rest[0]) ? rest.slice(1) : rest;
    const c = args.findIndex((arg) => /^-[a-z]*c[a-z]*$/.test(arg));
    const script = c >= 0 ? args[c + 1] : undefined;
    if (script === undefined) return undefined;
    for (const simple of splitScript(script)) {
      const found = classifyProcess(simple, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** `celery ... purge` or `python3 -m celery ... purge`: empties the queues it is pointed at. */
function isCeleryPurge(name: string, rest: readonly string[]): boolean {
  const celery = name === 'celery' || (/^python3?(\.\d+)?$/.test(name) && rest[0] === '-m' && rest[1] === 'celery');
  return celery && rest.includes('purge');
}

/** redis-cli options that take a value (-e is a flag: exit on error). */
const REDIS_CLI_VALUE = new Set([
  '-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '-D', '--user', '--pass', '--cacert', '--cacertdir', '--cert',
  '--key', '--sni', '--tls-ciphers', '--tls-ciphersuites', '--eval', '--pattern', '--count', '--quoted-pattern',
  '--memkeys-samples', '--functions-rdb',
]);

/** The keys that hold queued or in-flight jobs. Priority queues are celery\x06\x163 and so on. */
const isJobKey = (key: string) => key === 'celery' || key.startsWith('celery\x06\x16') || key === 'unacked' || key === 'unacked_index';

/** Redis commands that destroy what a key holds (or move jobs out of the queue). */
const DESTRUCTIVE_KEY_COMMANDS = new Set([
  'DEL', 'UNLINK', 'LTRIM', 'LREM', 'LPOP', 'RPOP', 'BLPOP', 'BRPOP', 'LMPOP', 'BLMPOP', 'RPOPLPUSH', 'BRPOPLPUSH', 'LMOVE',
  'BLMOVE', 'GETDEL', 'RENAME', 'RENAMENX', 'EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT', 'SET', 'HDEL', 'ZREM',
  'ZREMRANGEBYSCORE', 'ZREMRANGEBYRANK', 'MOVE',
]);

function classifyRedisCli(args: readonly string[]): string | undefined {
  const parsed = parseArgs(args, REDIS_CLI_VALUE, true);
  if (parsed.help) return undefined;
  const command = parsed.positionals[0];
  if (command === undefined) {
    // redis-cli --eval script.lua keys , args: cannot see inside; an interactive session: cannot either.
    return undefined;
  }
  return classifyRedisCommand(command, parsed.rest);
}

function classifyRedisCommand(command: string, args: readonly string[]): string | undefined {
  const upper = command.toUpperCase();
  if (upper === 'FLUSHALL' || upper === 'FLUSHDB') {
    return `flushed Redis with ${upper} (the queued exports are real work and must be processed, not thrown away)`;
  }
  if (upper === 'SHUTDOWN') return touched('shut down', ['redis']);
  if (DESTRUCTIVE_KEY_COMMANDS.has(upper) && args.some(isJobKey)) {
    const verb = upper === 'DEL' || upper === 'UNLINK' ? 'deleted the celery queue' : 'removed queued jobs';
    return `${verb} with ${upper} (the backlog must be drained by the worker, not discarded)`;
  }
  if (upper === 'EVAL' || upper === 'EVAL_RO' || upper === 'FCALL') {
    const script = args[0] ?? '';
    if (/flush(all|db)/i.test(script)) return `flushed Redis from a Lua script (the queued exports are real work and must be processed, not thrown away)`;
    if (/['"](del|unlink|ltrim|lrem|lpop|rpop)['"]\s*,\s*['"]celery/i.test(script) || (/['"](del|unlink|ltrim|lrem|lpop|rpop)['"]/i.test(script) && args.some(isJobKey))) {
      return 'removed queued jobs from a Lua script (the backlog must be drained by the worker, not discarded)';
    }
  }
  return undefined;
}

/**
 * Splits a `sh -c` script into simple commands (lists of words): quotes and backslashes are
 * honoured, and ; & | && || newlines and parentheses separate commands. No expansion happens:
 * this only has to find redis-cli and its arguments.
 */
export function splitScript(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const char = script[i]!;
    if (char === "'") {
      const end = script.indexOf("'", i + 1);
      word += script.slice(i + 1, end < 0 ? undefined : end);
      inWord = true;
      i = end < 0 ? script.length : end;
    } else if (char === '"') {
      inWord = true;
      for (i++; i < script.length && script[i] !== '"'; i++) {
        if (script[i] === '\\' && i + 1 < script.length && '"\\$`'.includes(script[i + 1]!)) i++;
        word += script[i];
      }
    } else if (char === '\\') {
      if (i + 1 < script.length) word += script[++i];
      inWord = true;
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else if (';&|\n()'.includes(char)) {
      endCommand();
    } else if (char === '#' && !inWord) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end - 1;
    } else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/**
 * Names the rule of the exercise a recorded command broke, in a short phrase for the transcript
 * (`check` and `history`), or undefined for a command that is fine. It judges the words typed,
 * not their effect: the grading itself works from evidence, never from this.
 *
 * `argv` is what the shim records (without the program); `program` is docker unless the compose
 * v1 shim recorded it. A leading 'docker' or 'docker-compose' in argv is accepted too.
 */
export function classifyCommand(argv: readonly string[], program: 'docker' | 'docker-compose' = 'docker'): string | undefined {
  let args = argv;
  if (args[0] === 'docker' || args[0] === 'docker-compose') {
    program = args[0];
    args = args.slice(1);
  }
  return program === 'docker-compose' ? classifyCompose(args) : classifyDocker(args);
}

// ---------------------------------------------------------------------------------------------
// The transcript `check` and `history` show
// ---------------------------------------------------------------------------------------------

/** One recorded command as the transcript shows it. */
export interface TranscriptRow {
  at: string;
  /** The command line, quoted so it can be pasted back into a shell. */
  command: string;
  exitCode: number | null;
  /** The rule of the exercise it broke; absent when it broke none. */
  ruleBreak?: string;
}

export function transcriptRow(entry: SessionEntry): TranscriptRow {
  const ruleBreak = classifyCommand(entry.argv, entry.program);
  return { at: entry.at, command: commandLine(entry), exitCode: entry.exitCode, ...(ruleBreak ? { ruleBreak } : {}) };
}

/** The session log as a transcript, one row per recorded command, in order. */
export function transcriptOf(entries: readonly SessionEntry[]): TranscriptRow[] {
  return entries.map(transcriptRow);
}
