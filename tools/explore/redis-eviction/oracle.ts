import { dockerCli } from '../../playthrough/learner.js';
import {
  acceptedExports,
  collateral,
  finishedExports,
  handledByHand,
  type Identity,
  idsInRedis,
  type OracleView,
  queueReachesZero,
  redisCli,
  redisCommandCalls,
  redisInfoNumber,
  redisJson,
} from '../stack-view.js';

/**
 * redis-eviction's second opinion on whether the outage is solved, read from the card and from
 * outcomes only: every accepted export finished or still in Redis; Redis no longer evicts and has
 * room for what is still to run and a burst of new exports; redis not restarted or flushed, web
 * and worker not restarted; the worker consuming and the queue empty.
 */
export interface Before {
  identity: Identity;
  worker: string;
  /** When `up` handed over (ms since the epoch): anything done by hand after it counts. */
  at: number;
}

const KIB = 1024;
/** The card's "burst of new exports after the fix". */
const BURST = 200;
/** A queued export's message in Redis, measured (~1.1 KB); its result is measured on the stack. */
const MESSAGE_BYTES = 1.2 * KIB;
/** What one result costs when none is left to measure (a 500-customer CSV is ~17.5 KB). */
const RESULT_BYTES_UNMEASURED = 20 * KIB;

export async function observeBefore(identity: Identity): Promise<Before> {
  return { identity, worker: (await dockerCli('inspect', 'worker', '--format', '{{.Id}}')).out, at: Date.now() };
}

/** The average size of the finished exports' results Redis holds now, from a sample of them. */
async function resultBytes(): Promise<number> {
  const sizes = await redisJson<number[]>('[r.memory_usage(k) or 0 for k in list(r.scan_iter("celery-task-meta-*", count=1000))[:20]]');
  return sizes.length ? sizes.reduce((sum, size) => sum + size, 0) / sizes.length : RESULT_BYTES_UNMEASURED;
}

/** Accepted exports neither finished nor in Redis on every one of a few readings (a job moving between places is found on the next). */
async function lostExports(): Promise<Array<[string, number]>> {
  let lost: Array<[string, number]> | undefined;
  for (let reading = 0; reading < 4 && (lost === undefined || lost.length > 0); reading++) {
    if (reading > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    // Ledger, then Redis, then the files: an export the worker moves meanwhile is seen in a later place.
    const accepted = await acceptedExports();
    const inRedis = await idsInRedis();
    const files = await finishedExports();
    const missing = [...accepted].filter(([id]) => !files.has(id) && !inRedis.has(id));
    lost = lost === undefined ? missing : missing.filter(([id]) => lost!.some(([seen]) => seen === id));
  }
  return lost ?? [];
}

export async function judgeOutcome(before: Before): Promise<OracleView> {
  const reasons = await collateral(before.identity);
  const worker = (await dockerCli('inspect', 'worker', '--format', '{{.Id}} {{.State.Status}}')).out.split(' ');
  if (worker[0] !== before.worker) reasons.push('worker is not the container it was');
  if (worker[1] !== 'running') reasons.push(`the worker is ${worker[1] || 'missing'}`);
  reasons.push(...(await handledByHand(before.at, ['web', 'redis', 'worker'])));
  // Redis counts its commands since it started (a restart is caught above).
  const calls = await redisCommandCalls();
  if ((calls.flushall ?? 0) + (calls.flushdb ?? 0) > 0) reasons.push('Redis was flushed');

  const lost = await lostExports();
  if (lost.length > 0) reasons.push(`${lost.length} accepted export(s) neither finished nor in Redis`);

  const policy = (await redisCli('CONFIG', 'GET', 'maxmemory-policy')).split('\n')[1];
  if (policy !== 'noeviction') reasons.push(`Redis still evicts (${policy ?? '?'})`);
  const maxmemory = Number((await redisCli('CONFIG', 'GET', 'maxmemory')).split('\n')[1]);
  const used = (await redisInfoNumber('memory', 'used_memory')) ?? 0;
  const accepted = await acceptedExports();
  const files = await finishedExports();
  const unfinished = [...accepted.keys()].filter((id) => !files.has(id)).length;
  const needed = (unfinished + BURST) * (MESSAGE_BYTES + (await resultBytes()));
  if (maxmemory > 0 && maxmemory - used < needed)
    reasons.push(
      `Redis has ${Math.round((maxmemory - used) / KIB)} KB free, short of ${Math.round(needed / KIB)} KB for ${unfinished} unfinished export(s) and a burst of ${BURST}`,
    );

  // A stopped worker is a reason already; the queue then has nobody to empty it.
  if (worker[1] === 'running' && !(await queueReachesZero(10_000))) reasons.push('the queue did not reach 0');
  return { solved: reasons.length === 0, reasons };
}
