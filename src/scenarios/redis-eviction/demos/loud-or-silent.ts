import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createDemoNetwork, demoPort, runDemoContainer } from '../../../docker/demo-containers.js';
import { encodeExportTask } from '../../../kits/celery-redis/broker/envelope.js';
import { connectTo, demoNetwork, watch } from '../../../kits/celery-redis/demo-stack.js';
import type { Demo, DemoContext, DemoOutcome } from '../../../scenario/demo.js';
import { CACHE_MAXMEMORY, CACHE_POLICY, SAFE_POLICY } from '../figures.js';

/** Results already in memory when the burst comes (each the size of a 500-customer CSV), and the burst. */
const RESULTS = 60;
const RESULT_BYTES = 17_500;
const BURST = 1500;

export interface BurstCount {
  policy: string;
  sent: number;
  /** Pushes Redis answered with a new length: the web would have answered 202. */
  accepted: number;
  /** Pushes Redis refused (OOM): the web would have answered an error. */
  refused: number;
  /** Accepted pushes no longer in the queue at the end: lost without a word. */
  silentlyLost: number;
  evictedKeys: number;
}

/** Fills Redis with results, then pushes the burst one LPUSH per export, and counts. */
async function burstInto(redis: Redis, policy: string): Promise<BurstCount> {
  await redis.flushall();
  await redis.config('SET', 'maxmemory-policy', 'noeviction');
  await redis.config('RESETSTAT');
  const filler = 'x'.repeat(RESULT_BYTES);
  for (let i = 0; i < RESULTS; i++) await redis.setex(`celery-task-meta-${randomUUID()}`, 86_400, filler).catch(() => undefined);
  await redis.config('SET', 'maxmemory-policy', policy);
  const pipeline = redis.pipeline();
  for (let i = 0; i < BURST; i++)
    pipeline.lpush('celery', encodeExportTask({ exportId: randomUUID(), rows: 500, report: 'orders' }, { origin: 'demo@async-outage-lab' }));
  const replies = (await pipeline.exec()) ?? [];
  const refused = replies.filter(([error]) => error).length;
  const accepted = replies.length - refused;
  const left = await redis.llen('celery');
  const evicted = Number(/evicted_keys:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0);
  return { policy, sent: BURST, accepted, refused, silentlyLost: Math.max(0, accepted - left), evictedKeys: evicted };
}

async function run(context: DemoContext): Promise<DemoOutcome> {
  const network = demoNetwork(context);
  const name = `aol-demo-${context.demo}-redis`;
  await createDemoNetwork(network, context.demo);
  await runDemoContainer({
    name,
    image: context.image,
    demo: context.demo,
    network,
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
    context.say(`A Redis of ${CACHE_MAXMEMORY} holding ${RESULTS} export results; ${BURST.toLocaleString('en-US')} exports pushed at once, twice.`);
    const silent = await burstInto(redis, CACHE_POLICY);
    context.say(
      `${CACHE_POLICY}: ${silent.accepted} pushes accepted, ${silent.refused} refused; ${silent.silentlyLost} of the accepted ones are gone (evicted_keys ${silent.evictedKeys}).`,
    );
    const loud = await burstInto(redis, SAFE_POLICY);
    context.say(`${SAFE_POLICY}: ${loud.accepted} pushes accepted, ${loud.refused} refused with an error; ${loud.silentlyLost} of the accepted ones are gone.`);
    return {
      demo: context.demo,
      observed: [
        `Under ${CACHE_POLICY}, every push was answered OK and ${silent.silentlyLost} of ${silent.accepted} accepted exports vanished: nobody was told.`,
        `Under ${SAFE_POLICY}, ${loud.refused} of ${loud.sent} pushes were refused with "OOM command not allowed" and none that was accepted was lost: the producer knows, and can answer its customer with an error and retry later.`,
      ],
      figures: { silent, loud },
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
