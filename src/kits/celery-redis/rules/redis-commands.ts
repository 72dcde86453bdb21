import { parseArgs } from '../../../shim/docker-argv.js';
import { touched } from './protected.js';

/**
 * The Redis commands that throw the stack's work away: flushing, deleting or popping the queue or
 * kombu's `unacked`, shutting Redis down. Judged from the words typed, as redis-cli takes them.
 */

/** redis-cli options that take a value (-e is a flag: exit on error). */
const REDIS_CLI_VALUE = new Set([
  '-h',
  '-p',
  '-s',
  '-a',
  '-u',
  '-n',
  '-r',
  '-i',
  '-d',
  '-D',
  '--user',
  '--pass',
  '--cacert',
  '--cacertdir',
  '--cert',
  '--key',
  '--sni',
  '--tls-ciphers',
  '--tls-ciphersuites',
  '--eval',
  '--pattern',
  '--count',
  '--quoted-pattern',
  '--memkeys-samples',
  '--functions-rdb',
]);

/** The keys that hold queued or in-flight jobs. Priority queues are celery\x06\x163 and so on. */
const isJobKey = (key: string) => key === 'celery' || key.startsWith('celery\x06\x16') || key === 'unacked' || key === 'unacked_index';

/** Redis commands that destroy what a key holds (or move jobs out of the queue). */
const DESTRUCTIVE_KEY_COMMANDS = new Set([
  'DEL',
  'UNLINK',
  'LTRIM',
  'LREM',
  'LPOP',
  'RPOP',
  'BLPOP',
  'BRPOP',
  'LMPOP',
  'BLMPOP',
  'RPOPLPUSH',
  'BRPOPLPUSH',
  'LMOVE',
  'BLMOVE',
  'GETDEL',
  'RENAME',
  'RENAMENX',
  'EXPIRE',
  'PEXPIRE',
  'EXPIREAT',
  'PEXPIREAT',
  'SET',
  'HDEL',
  'ZREM',
  'ZREMRANGEBYSCORE',
  'ZREMRANGEBYRANK',
  'MOVE',
]);

export function classifyRedisCli(args: readonly string[]): string | undefined {
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
    const keys = args.filter(isJobKey);
    const what = keys.every((key) => key === 'unacked' || key === 'unacked_index') ? "jobs workers had taken (kombu's `unacked`)" : 'the celery queue';
    const verb = upper === 'DEL' || upper === 'UNLINK' ? `deleted ${what}` : `removed ${what === 'the celery queue' ? 'queued jobs' : what}`;
    return `${verb} with ${upper} (the backlog must be drained by the worker, not discarded)`;
  }
  if (upper === 'EVAL' || upper === 'EVAL_RO' || upper === 'FCALL') {
    const script = args[0] ?? '';
    if (/flush(all|db)/i.test(script)) return `flushed Redis from a Lua script (the queued exports are real work and must be processed, not thrown away)`;
    if (
      /['"](del|unlink|ltrim|lrem|lpop|rpop)['"]\s*,\s*['"]celery/i.test(script) ||
      (/['"](del|unlink|ltrim|lrem|lpop|rpop)['"]/i.test(script) && args.some(isJobKey))
    ) {
      return 'removed queued jobs from a Lua script (the backlog must be drained by the worker, not discarded)';
    }
  }
  return undefined;
}
