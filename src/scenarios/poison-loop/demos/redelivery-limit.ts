import { randomUUID } from 'node:crypto';
import { findMessage } from '../../../kits/celery-redis/broker/results.js';
import { connectTo, containerState, pushExports, startDemoRedis, startDemoWorker, storyLines, watch } from '../../../kits/celery-redis/demo-stack.js';
import { type Demo, type DemoContext, type DemoOutcome, secondsSince } from '../../../scenario/demo.js';
import { POISON_LAYOUT, POISON_ROWS, VISIBILITY_TIMEOUT_S, WORKER_CAP } from '../figures.js';

/** How many deliveries the limited worker allows before it sets an export aside. */
export const DEMO_REDELIVERY_LIMIT = 2;
/** A loop is shown once the worker has died this often on the same export. */
const DEATHS_SHOWN = 3;
/** The longest a case is watched: a few turns of Docker's back-off, on a slow host. */
const WATCH_MS = 150_000;
const SMALL_EXPORTS = 20;

const CASES = [
  { id: 'early-ack', label: 'early ack (the default)', env: { AOL_ACKS_LATE: 'false', AOL_REJECT_ON_WORKER_LOST: 'false' } },
  { id: 'acks-late-reject', label: 'task_acks_late + task_reject_on_worker_lost', env: { AOL_ACKS_LATE: 'true', AOL_REJECT_ON_WORKER_LOST: 'true' } },
  {
    id: 'redelivery-limit',
    label: `the same, and a limit of ${DEMO_REDELIVERY_LIMIT} deliveries`,
    env: { AOL_ACKS_LATE: 'true', AOL_REJECT_ON_WORKER_LOST: 'true', AOL_REDELIVERY_LIMIT: String(DEMO_REDELIVERY_LIMIT) },
  },
] as const;

export interface LimitCase {
  id: (typeof CASES)[number]['id'];
  label: string;
  /** Container deaths while watched (Docker's RestartCount). */
  deaths: number;
  /** The small exports queued behind the crashing one that finished. */
  finished: number;
  /** Where the crashing export ended up: still where the worker meets it, or set aside. */
  poison: 'looping' | 'set-aside' | 'gone';
  seconds: number;
}

/** Names what became of the crashing export and the worker. Pure. */
export function verdictOf(c: LimitCase): string {
  if (c.poison === 'set-aside')
    return `SET ASIDE after ${c.deaths} death${c.deaths === 1 ? '' : 's'}; ${c.finished} of ${SMALL_EXPORTS} exports behind it finished`;
  if (c.poison === 'gone') return `GONE after ${c.deaths} death${c.deaths === 1 ? '' : 's'}; ${c.finished} of ${SMALL_EXPORTS} finished`;
  return `LOOPS: ${c.deaths} deaths in ${c.seconds} s, ${c.finished} of ${SMALL_EXPORTS} exports behind it finished`;
}

async function runCase(context: DemoContext, redisHost: string, port: number, db: number, setting: (typeof CASES)[number]): Promise<LimitCase> {
  const name = `aol-demo-limit-${setting.id}`;
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
    const finished = async () => (await Promise.all(others.map((o) => redis.exists(`celery-task-meta-${o.exportId}`)))).reduce((a, b) => a + b, 0);
    let last = { deaths: 0, finished: 0, aside: 0 };
    await watch(
      context,
      `${name} to settle or the watch to end`,
      WATCH_MS + 5000,
      async () => {
        const [state, done, aside] = await Promise.all([containerState(name), finished(), redis.llen('exports.dead-letter')]);
        if (state.restartCount > last.deaths) context.say(`${setting.label}: died (exit ${state.exitCode || 139}), RestartCount ${state.restartCount}`);
        last = { deaths: state.restartCount, finished: done, aside };
        return Date.now() - started;
      },
      (elapsed) =>
        elapsed >= WATCH_MS || (last.finished === SMALL_EXPORTS && last.aside > 0) || (!('AOL_REDELIVERY_LIMIT' in setting.env) && last.deaths >= DEATHS_SHOWN),
      1000,
    );
    const where = await findMessage(redis, poisonId);
    const poison: LimitCase['poison'] = last.aside > 0 ? 'set-aside' : where.queued || where.unacked ? 'looping' : 'gone';
    const result: LimitCase = { id: setting.id, label: setting.label, deaths: last.deaths, finished: last.finished, poison, seconds: secondsSince(started) };
    const told = (await storyLines(name)).find((line) => /set aside in/.test(line));
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
  return {
    demo: context.demo,
    observed: cases.map((c) => `${c.label.padEnd(48)} ${verdictOf(c)}`),
    figures: { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_S, redeliveryLimit: DEMO_REDELIVERY_LIMIT, cases },
  };
}

export const redeliveryLimitDemo: Demo = {
  name: 'redelivery-limit',
  summary: 'one export that crashes its worker, under early ack, late ack with reject-on-lost, and a redelivery limit',
  question: 'At-least-once delivery means at-least-once crashes: what bounds them?',
  run,
};
