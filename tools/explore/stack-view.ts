import { dockerCli } from '../playthrough/learner.js';

/**
 * What every oracle reads of the web -> Redis -> Celery stack, through the docker CLI only, as a
 * person would: which processes web and redis are, the web's ledger of accepted exports, the
 * export ids Redis still holds (queue and `unacked`), and the finished files. It shares no code
 * with src/checks or any outage's criteria.
 */
export interface Identity {
  web: string;
  redis: string;
  redisRunId: string;
}

/** An oracle's answer: solved or not, and why not, in words. */
export interface OracleView {
  solved: boolean;
  /** Why not, in words (empty when solved). */
  reasons: string[];
}

/**
 * A JSON value read inside the redis container with redis-py, with the password the container
 * carries: a failed read throws, for an empty list there would call every export lost.
 */
export async function redisJson<T = string[]>(expression: string): Promise<T> {
  const script = `import json,os,redis; r=redis.Redis(password=os.environ.get("REDISCLI_AUTH") or None, decode_responses=True); print(json.dumps(${expression}))`;
  const result = await dockerCli('exec', 'redis', 'python3', '-c', script);
  if (result.exitCode !== 0) throw new Error(`reading ${expression} in redis failed (exit ${result.exitCode}): ${result.all}`);
  return JSON.parse(result.out) as T;
}

export async function redisCli(...args: string[]): Promise<string> {
  const result = await dockerCli('exec', 'redis', 'redis-cli', ...args);
  if (result.exitCode !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.all}`);
  return result.out;
}

export async function identity(): Promise<Identity> {
  const ids = (await dockerCli('inspect', 'web', 'redis', '--format', '{{.Id}}/{{.State.StartedAt}}')).out.split('\n');
  const info = await redisCli('INFO', 'server');
  return { web: ids[0] ?? '', redis: ids[1] ?? '', redisRunId: /run_id:(\w+)/.exec(info)?.[1] ?? '' };
}

/** Why web or redis is not the process it was (none when both are). */
export async function collateral(before: Identity): Promise<string[]> {
  const reasons: string[] = [];
  const now = await identity().catch(() => undefined);
  if (!now || now.web !== before.web) reasons.push('web is not the process it was');
  if (!now || now.redis !== before.redis || now.redisRunId !== before.redisRunId) reasons.push('redis is not the process it was');
  return reasons;
}

/** Export ids in a Celery envelope's body: `[args, kwargs, embed]`, the export id first in args. */
export function exportIdOf(envelope: unknown): string | undefined {
  try {
    const message = typeof envelope === 'string' ? (JSON.parse(envelope) as { body: string }) : (envelope as { body: string });
    const [args] = JSON.parse(Buffer.from(message.body, 'base64').toString('utf8')) as [string[]];
    return args[0];
  } catch {
    return undefined;
  }
}

/** The web's ledger: accepted export id -> rows (withdrawn ones left out). */
export async function acceptedExports(): Promise<Map<string, number>> {
  const ledgerText = (await dockerCli('exec', 'web', 'cat', '/var/lib/web/ledger.jsonl')).out;
  const accepted = new Map<string, number>();
  for (const line of ledgerText.split('\n')) {
    try {
      const entry = JSON.parse(line) as { id?: string; rows?: number; withdrawn?: boolean };
      if (entry.id && entry.withdrawn) accepted.delete(entry.id);
      else if (entry.id && typeof entry.rows === 'number') accepted.set(entry.id, entry.rows);
    } catch {
      /* a line cut short */
    }
  }
  return accepted;
}

/** An export message as Redis keeps one: bare (as queued) or as kombu's `unacked` entry `[message, exchange, routing_key]`. */
export interface HeldMessage {
  exportId: string;
  /** The Celery task id, as the worker's log names it. */
  taskId: string;
  /** The message body (base64), exactly as stored. */
  body: string;
}

/** One stored value read as the export message it carries, or undefined when it carries none. */
export function messageOf(value: string): HeldMessage | undefined {
  try {
    const parsed = JSON.parse(value) as unknown;
    const message = (Array.isArray(parsed) ? parsed[0] : parsed) as { body?: unknown; headers?: { id?: unknown } };
    const exportId = exportIdOf(message);
    if (!exportId || typeof message.body !== 'string') return undefined;
    return { exportId, taskId: String(message.headers?.id ?? ''), body: message.body };
  } catch {
    return undefined;
  }
}

/** Export messages Redis holds where a worker takes them: waiting in the `celery` list or delivered and held in `unacked`. */
export async function messagesInRedis(): Promise<HeldMessage[]> {
  const values = await redisJson('r.lrange("celery", 0, -1) + list(r.hvals("unacked"))');
  return values.map(messageOf).filter((message) => message !== undefined);
}

/** Export ids Redis holds: waiting in the `celery` list or delivered and held in `unacked`. */
export async function idsInRedis(): Promise<Set<string>> {
  return new Set((await messagesInRedis()).map((message) => message.exportId));
}

/** The broker's own keys: the queue, `unacked` and its index and lock, bindings, task results. */
const BROKER_KEYS = '("celery", "unacked", "unacked_index", "unacked_mutex")';
const BROKER_PREFIXES = '("_kombu.", "celery-task-meta-")';

/**
 * Export messages kept anywhere else in Redis (a list, hash, string, set or sorted set a person
 * made), with the key that holds each: where an export set aside by hand is.
 */
export async function messagesElsewhere(): Promise<Array<HeldMessage & { key: string }>> {
  const valuesByType =
    '{"list": lambda: r.lrange(k, 0, -1), "hash": lambda: list(r.hvals(k)), "string": lambda: [r.get(k)], "set": lambda: list(r.smembers(k)), "zset": lambda: r.zrange(k, 0, -1)}';
  const pairs = await redisJson<Array<[string, string]>>(
    `[[k, v] for k in r.scan_iter(count=1000) if k not in ${BROKER_KEYS} and not k.startswith(${BROKER_PREFIXES}) for v in ${valuesByType}.get(r.type(k), lambda: [])()]`,
  );
  return pairs.flatMap(([key, value]) => {
    const message = messageOf(value);
    return message ? [{ ...message, key }] : [];
  });
}

/** Export ids whose CSV the worker wrote. */
export async function finishedExports(): Promise<Set<string>> {
  return new Set((await dockerCli('exec', 'web', 'ls', '/var/lib/exports')).out.split('\n').map((name) => name.replace(/\.csv$/, '')));
}

/** Watches LLEN celery for up to `ms`: did it read 0 at least once? */
export async function queueReachesZero(ms = 5000): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (Number(await redisCli('LLEN', 'celery').catch(() => '-1')) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** A field of `INFO <section>` as a number (undefined when Redis does not print it). */
export async function redisInfoNumber(section: string, field: string): Promise<number | undefined> {
  const value = new RegExp(`^${field}:(\\d+)`, 'm').exec(await redisCli('INFO', section))?.[1];
  return value === undefined ? undefined : Number(value);
}

/** How often Redis ran each command since it started (`INFO commandstats`), by lower-case name. */
export async function redisCommandCalls(): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  for (const [, name, count] of (await redisCli('INFO', 'commandstats')).matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) calls[name!] = Number(count);
  return calls;
}

/** Events only a person (or a tool they ran) sends a container, strongest first, and the words for them. */
const BY_HAND: ReadonlyArray<[string, string]> = [
  ['destroy', 'removed'],
  ['restart', 'restarted'],
  ['stop', 'stopped'],
  ['kill', 'sent a signal'],
  ['pause', 'paused'],
];

/** What was done by hand to these containers since `since` (ms since the epoch), the strongest per container: "worker was restarted by hand". */
export async function handledByHand(since: number, names: readonly string[]): Promise<string[]> {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const filters = names.flatMap((name) => ['--filter', `container=${name}`]);
  const events = await dockerCli(
    'events',
    '--since',
    seconds(since),
    '--until',
    seconds(Date.now() + 1000),
    ...filters,
    '--format',
    '{{.Actor.Attributes.name}} {{.Action}}',
  );
  if (events.exitCode !== 0) throw new Error(`docker events failed (exit ${events.exitCode}): ${events.all}`);
  const seen = events.out.split('\n').map((line) => line.split(' '));
  return names.flatMap((name) => {
    const done = BY_HAND.find(([action]) => seen.some(([who, what]) => who === name && what === action));
    return done ? [`${name} was ${done[1]} by hand`] : [];
  });
}

/**
 * Watches the finished files for up to `ms`: did an export finish that had not when it began?
 * Customers keep ordering, so a worker that consumes finishes one every few seconds.
 */
export async function exportsKeepFinishing(ms = 15_000): Promise<boolean> {
  const started = Date.now();
  const before = await finishedExports();
  while (Date.now() - started < ms) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const id of await finishedExports()) if (!before.has(id)) return true;
  }
  return false;
}
