import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ExitCode, LabError } from '../../../errors.js';
import { findMessage, type MessageWhereabouts, readTaskResult } from '../../../kits/celery-redis/broker/results.js';
import { connectTo, containerState, pushExports, startDemoRedis, startDemoWorker, storyLines, watch } from '../../../kits/celery-redis/demo-stack.js';
import { type Demo, type DemoContext, type DemoOutcome, secondsSince } from '../../../scenario/demo.js';
import { POISON_LAYOUT, POISON_ROWS, VISIBILITY_TIMEOUT_S, WORKER_CAP } from '../figures.js';
import { type LimitCase, limitAnswer, type PoisonFate, verdictOf } from './limit-outcome.js';

/** How many deliveries the limited worker allows before it sets an export aside. */
export const DEMO_REDELIVERY_LIMIT = 2;
/** A loop is shown once the worker has died this often on the same export. */
const DEATHS_SHOWN = 3;
/** The longest a case is watched for its fate: a few worker starts on a loaded host, within the demo's 2 minutes. */
export const FATE_TIMEOUT_MS = 90_000;
/** A crashing export in neither the queue, `unacked` nor the dead letters this long is gone (a worker holds it in between for an instant). */
const GONE_AFTER_MS = 2000;
const SMALL_EXPORTS = 20;
const DEAD_LETTER = 'exports.dead-letter';

const CASES = [
  { id: 'early-ack', label: 'early ack (the default)', env: { AOL_ACKS_LATE: 'false', AOL_REJECT_ON_WORKER_LOST: 'false' } },
  { id: 'acks-late-reject', label: 'task_acks_late + task_reject_on_worker_lost', env: { AOL_ACKS_LATE: 'true', AOL_REJECT_ON_WORKER_LOST: 'true' } },
  {
    id: 'redelivery-limit',
    label: `the same, and a limit of ${DEMO_REDELIVERY_LIMIT} deliveries`,
    env: { AOL_ACKS_LATE: 'true', AOL_REJECT_ON_WORKER_LOST: 'true', AOL_REDELIVERY_LIMIT: String(DEMO_REDELIVERY_LIMIT) },
  },
] as const;

interface Reading {
  deaths: number;
  finished: number;
  /** The dead-letter entry of the crashing export: how many deliveries it counted. */
  setAsideAtDelivery?: number;
  where?: MessageWhereabouts;
  hasResult: boolean;
}

async function setAsideAt(redis: Redis, exportId: string): Promise<number | undefined> {
  for (const raw of await redis.lrange(DEAD_LETTER, 0, -1)) {
    const entry = JSON.parse(raw) as { id?: string; deliveries?: number };
    if (entry.id === exportId) return entry.deliveries;
  }
  return undefined;
}

async function runCase(context: DemoContext, redisHost: string, port: number, db: number, setting: (typeof CASES)[number]): Promise<LimitCase> {
  const name = `aol-demo-limit-${setting.id}`;
  const limited = 'AOL_REDELIVERY_LIMIT' in setting.env;
  const redis = connectTo(port, db);
  try {
    const poisonId = `5a1f${randomUUID().slice(4)}`;
    const others = Array.from({ length: SMALL_EXPORTS }, () => ({ exportId: randomUUID(), rows: 500, report: 'orders' }));
    // In consumption order: the crashing export first, the small ones behind it.
    await pushExports(redis, [{ exportId: poisonId, rows: POISON_ROWS, report: 'orders', layout: POISON_LAYOUT }, ...others]);
    await startDemoWorker(context, {
      name,
      pool: 'solo',
      memoryMiB: Number.parseInt(WORKER_CAP, 10),
      brokerUrl: `redis://${redisHost}:6379/${db}`,
      env: { ...setting.env, AOL_VISIBILITY_TIMEOUT: String(VISIBILITY_TIMEOUT_S) },
      restart: 'unless-stopped',
    });
    const started = Date.now();
    context.say(`${setting.label}: the crashing export first in line, ${SMALL_EXPORTS} small ones behind it; restart unless-stopped`);
    const exitCodes = new Set<number>();
    let last: Reading = { deaths: 0, finished: 0, hasResult: false };
    let absentSince: number | undefined;
    let fate: PoisonFate = 'undecided';
    let undecidedBecause: string | undefined;
    const fateOf = (r: Reading): PoisonFate | undefined => {
      if (r.setAsideAtDelivery !== undefined) return r.finished === SMALL_EXPORTS ? 'set-aside' : undefined;
      const held = Boolean(r.where?.queued || r.where?.unacked);
      if (!limited && held && r.deaths >= DEATHS_SHOWN) return 'looping';
      if (r.deaths >= 1 && !r.hasResult && absentSince !== undefined && Date.now() - absentSince >= GONE_AFTER_MS && r.finished === SMALL_EXPORTS)
        return 'gone';
      return undefined;
    };
    const what = `the fate of ${name}'s crashing export`;
    try {
      const settled = await watch(
        context,
        what,
        FATE_TIMEOUT_MS,
        async () => {
          const [state, finished, setAsideAtDelivery, where, result] = await Promise.all([
            containerState(name),
            redis.exists(...others.map((o) => `celery-task-meta-${o.exportId}`)),
            setAsideAt(redis, poisonId),
            findMessage(redis, poisonId),
            readTaskResult(redis, poisonId),
          ]);
          if (state.exitCode !== 0) exitCodes.add(state.exitCode);
          const deaths = state.restartCount + (state.status === 'exited' ? 1 : 0);
          if (deaths > last.deaths)
            context.say(`${setting.label}: died${state.exitCode ? ` (exit ${state.exitCode})` : ''}, RestartCount ${state.restartCount}`);
          absentSince = where.queued || where.unacked || setAsideAtDelivery !== undefined ? undefined : (absentSince ?? Date.now());
          last = { deaths, finished, where, hasResult: result.status !== 'PENDING', ...(setAsideAtDelivery === undefined ? {} : { setAsideAtDelivery }) };
          return fateOf(last);
        },
        (seen) => seen !== undefined,
        1000,
      );
      fate = settled ?? 'undecided';
    } catch (error) {
      if (context.signal.aborted || !(error instanceof LabError) || error.exitCode === ExitCode.interrupted) throw error;
      // Set aside is already an outcome; the exports behind it still finishing is a count.
      if (last.setAsideAtDelivery !== undefined) fate = 'set-aside';
      else
        undecidedBecause = `watched ${FATE_TIMEOUT_MS / 1000} s: ${last.deaths} deaths, the export ${last.where?.queued ? 'queued' : last.where?.unacked ? 'in unacked' : 'in neither the queue nor unacked'}, ${last.finished} of ${SMALL_EXPORTS} behind it finished`;
    }
    const log = await storyLines(name, poisonId);
    const result: LimitCase = {
      id: setting.id,
      label: setting.label,
      fate,
      deaths: last.deaths,
      exitCodes: [...exitCodes],
      received: log.filter((line) => line.includes(poisonId) && / received$/.test(line)).length,
      finished: last.finished,
      behind: SMALL_EXPORTS,
      seconds: secondsSince(started),
      ...(fate === 'looping' ? { heldIn: last.where?.queued ? 'queue' : 'unacked' } : {}),
      ...(last.setAsideAtDelivery === undefined ? {} : { setAsideAtDelivery: last.setAsideAtDelivery }),
      ...(undecidedBecause ? { undecidedBecause } : {}),
    };
    const told = log.find((line) => /set aside in/.test(line));
    context.say(`${setting.label}: ${verdictOf(result)}${told ? ` (the worker logged: ${told.replace(/^.*?WARNING\/\S+\]\s*/, '')})` : ''}`);
    return result;
  } finally {
    redis.disconnect();
  }
}

async function run(context: DemoContext): Promise<DemoOutcome> {
  const { host, port } = await startDemoRedis(context);
  context.say(
    `Three workers of the lab's own code (solo pool, visibility timeout ${VISIBILITY_TIMEOUT_S} s, Docker restarting them), each with a database of its own on one demo redis.`,
  );
  const cases = await Promise.all(CASES.map((setting, i) => runCase(context, host, port, i + 1, setting)));
  const answer = limitAnswer(cases, DEMO_REDELIVERY_LIMIT);
  return {
    demo: context.demo,
    observed: [...cases.map((c) => `${c.label.padEnd(48)} ${verdictOf(c)}`), '', answer],
    figures: {
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_S,
      redeliveryLimit: DEMO_REDELIVERY_LIMIT,
      fateTimeoutSeconds: FATE_TIMEOUT_MS / 1000,
      cases,
      answer,
    },
  };
}

export const redeliveryLimitDemo: Demo = {
  name: 'redelivery-limit',
  summary: 'one export that crashes its worker, under early ack, late ack with reject-on-lost, and a redelivery limit',
  question: 'At-least-once delivery means at-least-once crashes: what bounds them?',
  run,
};
