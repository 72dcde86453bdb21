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
} from '../stack-view.js';

/**
 * redis-eviction's second opinion on whether the outage is solved, read from the card and from
 * outcomes only: every accepted export finished or still in Redis; Redis set to keep what it is
 * given (the card names `noeviction`), and a burst of new exports after the grade is all queued,
 * evicts nothing and drains; redis not restarted or flushed, web and worker not restarted.
 */
export interface Before {
  identity: Identity;
  worker: string;
  /** When `up` handed over (ms since the epoch): anything done by hand after it counts. */
  at: number;
}

/** The card's "burst of new exports after the fix". */
const BURST = 200;
/** How long the worker may take to empty the queue after that burst, with room to spare on a loaded machine. */
const BURST_DRAIN_MS = 90_000;

export async function observeBefore(identity: Identity): Promise<Before> {
  return { identity, worker: (await dockerCli('inspect', 'worker', '--format', '{{.Id}}')).out, at: Date.now() };
}

/**
 * Sends `count` new exports through the web, from inside its container (its own token, its own
 * port), as the operator's busy hour would: how many Redis refused, and its first error.
 */
async function sendBurst(count: number): Promise<{ accepted: number; refused: number; firstError?: string }> {
  const script = `fetch("http://127.0.0.1:" + (process.env.PORT || 8080) + "/internal/burst", { method: "POST", headers: { "content-type": "application/json", "x-lab-token": process.env.LAB_TOKEN || "" }, body: JSON.stringify({ count: ${count} }) }).then(async (r) => { const t = await r.text(); if (r.status !== 200) { console.error(r.status + " " + t); process.exit(1); } const b = JSON.parse(t); console.log(JSON.stringify({ accepted: b.accepted.length, refused: b.refused, firstError: b.firstError })); })`;
  const result = await dockerCli('exec', 'web', 'node', '-e', script);
  if (result.exitCode !== 0) throw new Error(`a burst of ${count} exports through the web failed (exit ${result.exitCode}): ${result.all}`);
  return JSON.parse(result.out) as { accepted: number; refused: number; firstError?: string };
}

/** Why a burst of new exports now is not all queued, kept and drained (none when it is). */
async function burstReasons(): Promise<string[]> {
  const evictedBefore = (await redisInfoNumber('stats', 'evicted_keys')) ?? 0;
  const burst = await sendBurst(BURST);
  const reasons: string[] = [];
  if (burst.refused > 0) reasons.push(`Redis refused ${burst.refused} of ${BURST} new exports (${burst.firstError ?? 'no error given'})`);
  const evicted = ((await redisInfoNumber('stats', 'evicted_keys')) ?? 0) - evictedBefore;
  if (evicted > 0) reasons.push(`Redis evicted ${evicted} key(s) during a burst of ${BURST} new exports`);
  if (!(await queueReachesZero(BURST_DRAIN_MS))) reasons.push(`the queue did not reach 0 within ${BURST_DRAIN_MS / 1000} s of a burst of ${BURST}`);
  return reasons;
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

  // A stopped worker is a reason already; the queue then has nobody to empty it.
  if (worker[1] === 'running' && !(await queueReachesZero(10_000))) reasons.push('the queue did not reach 0');
  // The card's test of the fix, as the card words it: a burst after it evicts nothing. Only asked
  // of a lab found fixed so far: one still evicting or stuck would only lose or strand the burst.
  if (reasons.length === 0) reasons.push(...(await burstReasons()));
  return { solved: reasons.length === 0, reasons };
}
