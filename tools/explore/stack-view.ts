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

/** Export ids Redis holds: waiting in the `celery` list or delivered and held in `unacked`. */
export async function idsInRedis(): Promise<Set<string>> {
  const inRedis = new Set<string>();
  for (const raw of await redisJson('r.lrange("celery", 0, -1)')) {
    const id = exportIdOf(raw);
    if (id) inRedis.add(id);
  }
  for (const value of await redisJson('list(r.hvals("unacked"))')) {
    const [message] = JSON.parse(value) as [unknown];
    const id = exportIdOf(message);
    if (id) inRedis.add(id);
  }
  return inRedis;
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

/** The networks `docker inspect` shows a container on, by name (none for a missing container). */
export async function networksOf(container: string): Promise<string[]> {
  const result = await dockerCli('inspect', container, '--format', '{{json .NetworkSettings.Networks}}');
  if (result.exitCode !== 0) return [];
  return Object.keys((JSON.parse(result.out || '{}') as Record<string, unknown> | null) ?? {});
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
