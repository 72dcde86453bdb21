import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { demoPort, runDemoContainer } from '../../../docker/demo-containers.js';
import { ExitCode, LabError } from '../../../errors.js';
import { encodeExportTask } from '../../../kits/celery-redis/broker/envelope.js';
import { connectTo, demoNetwork, watch } from '../../../kits/celery-redis/demo-stack.js';
import type { Demo, DemoContext, DemoOutcome } from '../../../scenario/demo.js';
import { CACHE_MAXMEMORY, CACHE_POLICY, SAFE_POLICY } from '../figures.js';
import { atRest, type BurstCount, burstAnswer, burstText, type Reading } from './burst-outcome.js';

/** Results offered to memory before the burst comes (each the size of a 500-customer CSV), and the burst. */
const RESULTS = 60;
const RESULT_BYTES = 17_500;
const BURST = 1500;
/**
 * How long a count waits for Redis to come to rest after the burst: an eviction that runs past its
 * time slice goes on in the background, so the queue may still shrink after the last reply.
 */
export const SETTLE_TIMEOUT_MS = 10_000;

async function readCounts(redis: Redis): Promise<Reading> {
  const [left, stats, memory] = await Promise.all([redis.llen('celery'), redis.info('stats'), redis.info('memory')]);
  const field = (info: string, name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return { left, evictedKeys: field(stats, 'evicted_keys'), usedMemory: field(memory, 'used_memory') };
}

/** Offers Redis the results, then pushes the burst one LPUSH per export, and counts once Redis is at rest. */
async function burstInto(context: DemoContext, redis: Redis, policy: string): Promise<BurstCount> {
  await redis.flushall();
  await redis.config('SET', 'maxmemory-policy', 'noeviction');
  await redis.config('RESETSTAT');
  const filler = 'x'.repeat(RESULT_BYTES);
  let resultsHeld = 0;
  for (let i = 0; i < RESULTS; i++)
    resultsHeld += await redis.setex(`celery-task-meta-${randomUUID()}`, 86_400, filler).then(
      () => 1,
      () => 0,
    );
  await redis.config('SET', 'maxmemory-policy', policy);
  const pipeline = redis.pipeline();
  for (let i = 0; i < BURST; i++)
    pipeline.lpush('celery', encodeExportTask({ exportId: randomUUID(), rows: 500, report: 'orders' }, { origin: 'demo@async-outage-lab' }));
  const replies = (await pipeline.exec()) ?? [];
  const errors = replies.flatMap(([error]) => (error ? [error.message] : []));
  const accepted = replies.length - errors.length;
  const limit = Number(((await redis.config('GET', 'maxmemory')) as string[])[1]);
  let previous: Reading | undefined;
  let last = await readCounts(redis);
  let settled = true;
  try {
    await watch(
      context,
      `the ${policy} redis to come to rest after the burst`,
      SETTLE_TIMEOUT_MS,
      async () => {
        previous = last;
        last = await readCounts(redis);
        return last;
      },
      (now) => atRest(policy, limit, previous, now),
      200,
    );
  } catch (error) {
    if (context.signal.aborted || !(error instanceof LabError) || error.exitCode === ExitCode.interrupted) throw error;
    settled = false;
  }
  return {
    policy,
    resultsHeld,
    sent: BURST,
    accepted,
    refused: errors.length,
    ...(errors[0] ? { refusal: errors[0] } : {}),
    left: last.left,
    silentlyLost: Math.max(0, accepted - last.left),
    evictedKeys: last.evictedKeys,
    usedMemory: last.usedMemory,
    maxmemory: limit,
    settled,
  };
}

async function run(context: DemoContext): Promise<DemoOutcome> {
  const name = `aol-demo-${context.demo}-redis`;
  await runDemoContainer({
    name,
    image: context.image,
    demo: context.demo,
    network: demoNetwork(context),
    user: 'redis',
    // As the lab's redis: no latency histograms, which take memory no eviction frees (about 24 KB a command name).
    cmd: [
      'redis-server',
      '--bind',
      '0.0.0.0',
      '--protected-mode',
      'no',
      '--save',
      '',
      '--appendonly',
      'no',
      '--latency-tracking',
      'no',
      '--maxmemory',
      CACHE_MAXMEMORY,
    ],
    publish: 6379,
  });
  const redis = connectTo(await demoPort(name, 6379), 0);
  try {
    await watch(
      context,
      `${name} to answer PING`,
      20_000,
      () => redis.ping().catch(() => 'no answer'),
      (reply) => reply === 'PONG',
    );
    context.say(`A Redis of ${CACHE_MAXMEMORY}, offered ${RESULTS} export results; ${BURST.toLocaleString('en-US')} exports pushed at once, twice.`);
    const silent = await burstInto(context, redis, CACHE_POLICY);
    context.say(`It took ${silent.resultsHeld} of the ${RESULTS} results before the burst. ${burstText(silent)}`);
    const loud = await burstInto(context, redis, SAFE_POLICY);
    context.say(`It took ${loud.resultsHeld} of the ${RESULTS} results before the burst. ${burstText(loud)}`);
    const answer = burstAnswer(silent, loud);
    return {
      demo: context.demo,
      observed: [burstText(silent), burstText(loud), '', answer],
      figures: { settleTimeoutSeconds: SETTLE_TIMEOUT_MS / 1000, silent, loud, answer },
    };
  } finally {
    redis.disconnect();
  }
}

export const loudOrSilentDemo: Demo = {
  name: 'loud-or-silent',
  summary: 'the same burst into a full Redis that evicts, and into one that refuses: what each costs, counted',
  question: 'Why must a broker never evict, and what does refusing writes do to the producers instead?',
  run,
};
