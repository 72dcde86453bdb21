import { randomUUID } from 'node:crypto';
import { setMemoryCap, startContainer } from '../../../docker/demo-containers.js';
import { ExitCode, LabError } from '../../../errors.js';
import { findMessage, type MessageWhereabouts, readTaskResult, type TaskResult } from '../../../kits/celery-redis/broker/results.js';
import {
  connectTo,
  containerState,
  pushExports,
  startDemoRedis,
  startDemoWorker,
  storyLines,
  watch,
  workerReady,
} from '../../../kits/celery-redis/demo-stack.js';
import { IN_FLIGHT_ROWS } from '../../../kits/celery-redis/figures.js';
import { type Demo, type DemoContext, type DemoOutcome, secondsSince } from '../../../scenario/demo.js';
import { WORKER_CAP_BYTES } from '../figures.js';

/** A short visibility timeout, so a job parked in `unacked` comes back while the demo watches. */
export const DEMO_VISIBILITY_TIMEOUT_S = 8;
const CAP_MIB = WORKER_CAP_BYTES / 1024 / 1024;
/** Room for the export after the kill, so whatever is redelivered can finish. */
const ROOM_MIB = 512;

const SETTINGS = [
  { id: 'early-ack', label: 'default (early ack)', env: { AOL_ACKS_LATE: 'false', AOL_REJECT_ON_WORKER_LOST: 'false' } },
  { id: 'acks-late', label: 'task_acks_late', env: { AOL_ACKS_LATE: 'true', AOL_REJECT_ON_WORKER_LOST: 'false' } },
  { id: 'acks-late-reject', label: 'task_acks_late + task_reject_on_worker_lost', env: { AOL_ACKS_LATE: 'true', AOL_REJECT_ON_WORKER_LOST: 'true' } },
] as const;
const POOLS = ['solo', 'prefork'] as const;
/** How long a case waits for its job's fate after the kill: past the visibility timeout, a restart and the export. */
export const FATE_TIMEOUT_MS = 75_000;

export type Fate = 'lost' | 'parked-then-redelivered' | 'redelivered-at-once' | 'parked' | 'undecided';

export interface AckCase {
  pool: (typeof POOLS)[number];
  setting: (typeof SETTINGS)[number]['id'];
  label: string;
  fate: Fate;
  /** What the container did when the kernel killed the task (solo: exited 137; prefork: stayed up). */
  container: string;
  /** Right after the kill: where Redis held the job. */
  afterKill: Pick<MessageWhereabouts, 'queued' | 'unacked'>;
  /** Seconds from the kill until the job was handed out again (absent: never). */
  redeliveredAfterS?: number;
  redeliveredFlag: boolean;
  result: TaskResult;
  /** Seconds from the kill until the result backend held its final state. */
  settledAfterS?: number;
  kills: number;
  log: string[];
  /** Undecided: what the demo waited for and what it last saw. */
  undecidedBecause?: string;
}

/**
 * Names what became of the job, from what Redis and the result backend showed. Pure. A job in
 * neither the queue nor `unacked` with no result yet may be in a worker's hands (a pool that acked
 * early runs it outside both): only a recorded failure there is a loss; anything else is undecided.
 */
export function fateOf(c: Pick<AckCase, 'result' | 'afterKill' | 'redeliveredAfterS'>, now: Pick<MessageWhereabouts, 'queued' | 'unacked'>): Fate {
  if (c.result.status === 'SUCCESS')
    return c.redeliveredAfterS !== undefined && c.redeliveredAfterS >= DEMO_VISIBILITY_TIMEOUT_S - 1 && c.afterKill.unacked
      ? 'parked-then-redelivered'
      : 'redelivered-at-once';
  if (c.result.status === 'FAILURE' && !now.queued && !now.unacked) return 'lost';
  return now.unacked && !now.queued ? 'parked' : 'undecided';
}

/** The fate is settled: the job finished, or failed and is held nowhere that could bring it back. Pure. */
export const fateSettled = (result: TaskResult, now: Pick<MessageWhereabouts, 'queued' | 'unacked'>) =>
  result.status === 'SUCCESS' || (result.status === 'FAILURE' && !now.queued && !now.unacked);

const whereabouts = (now: Pick<MessageWhereabouts, 'queued' | 'unacked'>) =>
  now.unacked ? 'held in unacked' : now.queued ? 'back in the queue' : 'in neither the queue nor unacked';

/** Kills seen so far: solo, the container exited; prefork, the pool logged a child lost to SIGKILL. */
const killsSeen = async (pool: AckCase['pool'], name: string) => {
  if (pool === 'solo') return (await containerState(name)).status === 'exited' ? 1 : 0;
  return (await storyLines(name)).filter((line) => /exited with 'signal 9/.test(line)).length;
};

async function runCase(
  context: DemoContext,
  redisHost: string,
  port: number,
  db: number,
  pool: AckCase['pool'],
  setting: (typeof SETTINGS)[number],
): Promise<AckCase> {
  const name = `aol-demo-acks-${pool}-${setting.id}`;
  const tag = `${pool} · ${setting.label}`;
  await startDemoWorker(context, {
    name,
    pool,
    memoryMiB: CAP_MIB,
    brokerUrl: `redis://${redisHost}:6379/${db}`,
    env: { ...setting.env, AOL_VISIBILITY_TIMEOUT: String(DEMO_VISIBILITY_TIMEOUT_S) },
  });
  await workerReady(context, name);
  const redis = connectTo(port, db);
  try {
    const exportId = randomUUID();
    await pushExports(redis, [{ exportId, rows: IN_FLIGHT_ROWS, report: 'orders-full-history' }]);
    context.say(`${tag}: queued export ${exportId.slice(0, 8)} (${IN_FLIGHT_ROWS.toLocaleString('en-US')} rows) for a worker capped at ${CAP_MIB} MiB`);
    await watch(
      context,
      `the kernel to kill ${name}'s task`,
      30_000,
      () => killsSeen(pool, name),
      (n) => n > 0,
    );
    const killedAt = Date.now();
    const afterKill = await findMessage(redis, exportId);
    const state = await containerState(name);
    const container = pool === 'solo' ? `exited (${state.exitCode})` : `stayed ${state.status}, the pool lost its child`;
    context.say(`${tag}: killed; container ${container}; job ${whereabouts(afterKill)}`);
    await setMemoryCap(name, ROOM_MIB);
    if (pool === 'solo') {
      // kombu puts back what `unacked` holds past the visibility timeout when a worker starts
      // (and then only every ~100 s): start it once the parked job is old enough to come back.
      if (afterKill.unacked)
        await watch(
          context,
          `${name}'s job to pass the visibility timeout`,
          (DEMO_VISIBILITY_TIMEOUT_S + 5) * 1000,
          async () => Date.now() - killedAt,
          (ms) => ms > DEMO_VISIBILITY_TIMEOUT_S * 1000 + 500,
        );
      context.say(`${tag}: started the worker again, now with ${ROOM_MIB} MiB`);
      await startContainer(name);
    }
    let redeliveredAfterS: number | undefined;
    let redeliveredFlag = afterKill.redelivered;
    let settledAfterS: number | undefined;
    let result: TaskResult = { status: 'PENDING' };
    let now: MessageWhereabouts = afterKill;
    // A failure held nowhere is confirmed by a second reading a second later: a redelivery may be on its way.
    let settledSince: number | undefined;
    let deliveries = 1;
    let undecidedBecause: string | undefined;
    const what = `the fate of ${tag}'s job`;
    try {
      await watch(
        context,
        what,
        FATE_TIMEOUT_MS,
        async () => {
          [now, result] = await Promise.all([findMessage(redis, exportId), readTaskResult(redis, exportId)]);
          deliveries = (await storyLines(name, exportId)).filter((line) => line.includes('received')).length;
          if (redeliveredAfterS === undefined && (now.redelivered || deliveries > 1)) {
            redeliveredAfterS = secondsSince(killedAt);
            context.say(`${tag}: redelivered ${redeliveredAfterS} s after the kill`);
          }
          redeliveredFlag ||= now.redelivered;
          if (settledAfterS === undefined && result.status !== 'PENDING') settledAfterS = secondsSince(killedAt);
          settledSince = fateSettled(result, now) ? (settledSince ?? Date.now()) : undefined;
          return result.status;
        },
        (status) => status === 'SUCCESS' || (settledSince !== undefined && Date.now() - settledSince >= 1000),
      );
    } catch (error) {
      if (context.signal.aborted || !(error instanceof LabError) || error.exitCode === ExitCode.interrupted) throw error;
      undecidedBecause = `waited ${FATE_TIMEOUT_MS / 1000} s for ${what}; last saw result ${result.status}, job ${whereabouts(now)}, ${deliveries} deliver${deliveries === 1 ? 'y' : 'ies'} in the worker's log`;
      context.say(`${tag}: could not tell: ${undecidedBecause}`);
    }
    const value = result.result as { redelivered?: unknown } | undefined;
    if (result.status === 'SUCCESS' && value?.redelivered === true) redeliveredFlag = true;
    const kills = pool === 'solo' ? 1 : await killsSeen(pool, name);
    const done: AckCase = {
      pool,
      setting: setting.id,
      label: setting.label,
      fate: 'undecided',
      container,
      afterKill: { queued: afterKill.queued, unacked: afterKill.unacked },
      redeliveredFlag,
      result,
      kills,
      log: await storyLines(name, exportId),
    };
    if (redeliveredAfterS !== undefined) done.redeliveredAfterS = redeliveredAfterS;
    if (settledAfterS !== undefined) done.settledAfterS = settledAfterS;
    done.fate = undecidedBecause ? 'undecided' : fateOf(done, now);
    if (undecidedBecause) done.undecidedBecause = undecidedBecause;
    context.say(`${tag}: ${fateText(done)}`);
    return done;
  } finally {
    redis.disconnect();
  }
}

export function fateText(c: AckCase): string {
  const result =
    c.result.status === 'FAILURE' ? `FAILURE (${String((c.result.result as { exc_type?: string } | undefined)?.exc_type ?? 'error')})` : c.result.status;
  switch (c.fate) {
    case 'lost':
      return `LOST: result ${result}, in neither the queue nor unacked`;
    case 'parked-then-redelivered':
      return `PARKED in unacked, redelivered after ${c.redeliveredAfterS} s (visibility timeout ${DEMO_VISIBILITY_TIMEOUT_S} s), result ${result}, redelivered=${c.redeliveredFlag}`;
    case 'redelivered-at-once':
      return `REDELIVERED at once (${c.redeliveredAfterS ?? '?'} s after the kill${c.kills > 1 ? `, killed ${c.kills} times before the cap was raised` : ''}), result ${result}, redelivered=${c.redeliveredFlag}`;
    case 'undecided':
      return `COULD NOT TELL: ${c.undecidedBecause ?? `result ${result}`}`;
    default:
      return `${c.fate.toUpperCase()}: result ${result}`;
  }
}

const fateWords: Record<Fate, string> = {
  lost: 'lost',
  'parked-then-redelivered': 'parked, then redelivered after the visibility timeout',
  'redelivered-at-once': 'redelivered at once',
  parked: 'still parked in unacked',
  undecided: 'could not tell',
};

/**
 * The sentence that answers the demo's question, from the fates it observed: the settings under
 * which the killed job came back and finished in every pool, and where it was lost. Pure.
 */
export function acksLateAnswer(cases: readonly Pick<AckCase, 'pool' | 'setting' | 'label' | 'fate' | 'result'>[]): string {
  const bySetting = SETTINGS.map((setting) => ({ setting, mine: cases.filter((c) => c.setting === setting.id) })).filter(({ mine }) => mine.length > 0);
  const inEveryPool = bySetting.filter(({ mine }) => mine.every((c) => c.result.status === 'SUCCESS'));
  const lost = cases.filter((c) => c.fate === 'lost').map((c) => `${c.pool} · ${c.label}`);
  const undecided = cases.filter((c) => c.fate === 'undecided').map((c) => `${c.pool} · ${c.label}`);
  const lostText = lost.length ? ` The job was lost under ${lost.join('; ')}.` : '';
  const undecidedText = undecided.length
    ? ` Could not tell for ${undecided.join('; ')}: this run does not answer for ${undecided.length === 1 ? 'it' : 'them'}.`
    : '';
  if (inEveryPool.length === 0) return `No setting brought the killed job back in every pool in this run.${lostText}${undecidedText}`;
  const named = inEveryPool.map(({ setting, mine }) => `${setting.label} (${mine.map((c) => `${c.pool}: ${fateWords[c.fate]}`).join(', ')})`);
  return `Answer: ${named.join('; and ')}: under ${inEveryPool.length === 1 ? 'it' : 'each'} the killed job came back and finished in every pool.${lostText}${undecidedText}`;
}

async function run(context: DemoContext): Promise<DemoOutcome> {
  const { host, port } = await startDemoRedis(context);
  context.say(`Six workers of the lab's own code, each with its own database on one demo redis; visibility_timeout ${DEMO_VISIBILITY_TIMEOUT_S} s.`);
  const plan = POOLS.flatMap((pool) => SETTINGS.map((setting) => ({ pool, setting })));
  const cases = await Promise.all(plan.map(({ pool, setting }, i) => runCase(context, host, port, i + 1, pool, setting)));
  return {
    demo: context.demo,
    observed: [...cases.map((c) => `${c.pool.padEnd(7)} ${c.label.padEnd(44)} ${fateText(c)}`), '', acksLateAnswer(cases)],
    figures: { visibilityTimeoutSeconds: DEMO_VISIBILITY_TIMEOUT_S, fateTimeoutSeconds: FATE_TIMEOUT_MS / 1000, cases, answer: acksLateAnswer(cases) },
  };
}

export const acksLateDemo: Demo = {
  name: 'acks-late',
  summary: 'the same OOM kill under three acknowledgement settings and two pools: what becomes of the job in flight',
  question: 'Which broker-side setting turns a silent kill into at-least-once delivery?',
  run,
};
