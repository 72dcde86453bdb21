import { dockerCli } from '../playthrough/learner.js';

/**
 * A second opinion on whether the outage is solved, written apart from the criteria and from
 * outcomes only, read through the docker CLI as a person would: is the worker that runs now alive
 * with enough memory, did the queue reach 0, is every accepted export finished or somewhere in
 * Redis, are web and redis the processes they were. It shares no code with src/checks.
 */
export interface Identity {
  web: string;
  redis: string;
  redisRunId: string;
}

export interface OracleView {
  solved: boolean;
  /** Why not, in words (empty when solved). */
  reasons: string[];
}

const MIB = 1024 * 1024;
/** The worker's measured memory: ~40 MiB idle, 200 bytes a row; asked for with a 10% margin, as the card's headroom. */
const needBytes = (rows: number) => Math.ceil(40 + (rows * 200) / MIB) * 1.1 * MIB;

/**
 * A JSON list read inside the redis container with redis-py, with the password the container
 * carries: a failed read throws, for an empty list there would call every export lost.
 */
async function redisJson(expression: string): Promise<string[]> {
  const script = `import json,os,redis; r=redis.Redis(password=os.environ.get("REDISCLI_AUTH") or None, decode_responses=True); print(json.dumps(${expression}))`;
  const result = await dockerCli('exec', 'redis', 'python3', '-c', script);
  if (result.exitCode !== 0) throw new Error(`reading ${expression} in redis failed (exit ${result.exitCode}): ${result.all}`);
  return JSON.parse(result.out) as string[];
}

async function redisCli(...args: string[]): Promise<string> {
  const result = await dockerCli('exec', 'redis', 'redis-cli', ...args);
  if (result.exitCode !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.all}`);
  return result.out;
}

export async function identity(): Promise<Identity> {
  const ids = (await dockerCli('inspect', 'web', 'redis', '--format', '{{.Id}}/{{.State.StartedAt}}')).out.split('\n');
  const info = await redisCli('INFO', 'server');
  return { web: ids[0] ?? '', redis: ids[1] ?? '', redisRunId: /run_id:(\w+)/.exec(info)?.[1] ?? '' };
}

/** Export ids in a Celery envelope's body: `[args, kwargs, embed]`, the export id first in args. */
function exportIdOf(envelope: unknown): string | undefined {
  try {
    const message = typeof envelope === 'string' ? (JSON.parse(envelope) as { body: string }) : (envelope as { body: string });
    const [args] = JSON.parse(Buffer.from(message.body, 'base64').toString('utf8')) as [string[]];
    return args[0];
  } catch {
    return undefined;
  }
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

export async function judgeOutcome(before: Identity, drainReachedZero: boolean): Promise<OracleView> {
  const reasons: string[] = [];
  const now = await identity().catch(() => undefined);
  if (!now || now.web !== before.web) reasons.push('web is not the process it was');
  if (!now || now.redis !== before.redis || now.redisRunId !== before.redisRunId) reasons.push('redis is not the process it was');

  // Ledger, then the queue, then `unacked`, then the finished files: an export is then seen in one
  // of the later places whatever the worker does between the reads.
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
  const files = new Set((await dockerCli('exec', 'web', 'ls', '/var/lib/exports')).out.split('\n').map((name) => name.replace(/\.csv$/, '')));
  const unfinished = [...accepted].filter(([id]) => !files.has(id));
  const lost = unfinished.filter(([id]) => !inRedis.has(id));
  if (lost.length > 0) reasons.push(`${lost.length} accepted export(s) neither finished nor in Redis`);

  const worker = (await dockerCli('inspect', 'worker', '--format', '{{.State.Status}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}')).out.split(' ');
  const [status, memory, swap] = [worker[0], Number(worker[1]), Number(worker[2])];
  if (status !== 'running') reasons.push(`the worker is ${status || 'missing'}`);
  const limit = Math.min(...[memory, swap].filter((value) => value > 0));
  const largest = Math.max(0, ...unfinished.map(([, rows]) => rows));
  if (Number.isFinite(limit) && limit < needBytes(largest))
    reasons.push(`the worker's ${Math.round(limit / MIB)} MiB is too little for an unfinished export of ${largest} rows`);
  if (!drainReachedZero) reasons.push('the queue did not reach 0');
  return { solved: reasons.length === 0, reasons };
}
