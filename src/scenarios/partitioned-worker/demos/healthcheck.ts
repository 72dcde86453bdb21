import { inspectDemo, psLine } from '../../../docker/demo-containers.js';
import { disconnectNetwork } from '../../../docker/engine.js';
import { demoNetwork, startDemoRedis, startDemoWorker, watch, workerReady } from '../../../kits/celery-redis/demo-stack.js';
import { type Demo, type DemoContext, type DemoOutcome, secondsSince } from '../../../scenario/demo.js';
import { BROKER_SOCKET_TIMEOUT_S } from '../figures.js';

/**
 * The health check under test: Celery's own `inspect ping`, addressed to this worker, through the
 * broker. It passes only when the worker can reach the broker and answer from its event loop.
 */
export const pingHealthcheck = (node: string) => ({
  test: ['python3', '-m', 'celery', '--app', 'exports', 'inspect', 'ping', '--destination', node, '--timeout', '5'],
  intervalS: 5,
  timeoutS: 20,
  retries: 2,
});

const healthOf = async (name: string) => (await inspectDemo(name))?.State.Health?.Status ?? 'none';

/**
 * Two workers on a redis of the demo's own, identical but for a HEALTHCHECK on one of them. Both
 * are cut from the demo's network as the lab's worker was; `docker ps` then says Up for both, and
 * only the checked one turns unhealthy. Docker itself restarts nothing for it: an orchestrator or
 * a watcher acting on the health status would.
 */
async function run(context: DemoContext): Promise<DemoOutcome> {
  const redis = await startDemoRedis(context);
  const broker = `redis://${redis.host}:6379/0`;
  const plain = `aol-demo-${context.demo}-plain`;
  const checked = `aol-demo-${context.demo}-checked`;
  const env = { AOL_BROKER_SOCKET_TIMEOUT: String(BROKER_SOCKET_TIMEOUT_S) };
  context.say(`Starting two workers on ${redis.host}: ${plain} without a health check, ${checked} with \`celery inspect ping\` every 5 s`);
  await Promise.all([
    startDemoWorker(context, { name: plain, pool: 'solo', memoryMiB: 256, brokerUrl: broker, env }),
    startDemoWorker(context, { name: checked, pool: 'solo', memoryMiB: 256, brokerUrl: broker, env, healthcheck: pingHealthcheck(`${checked}@${checked}`) }),
  ]);
  await Promise.all([workerReady(context, plain, 90_000), workerReady(context, checked, 90_000)]);
  await watch(
    context,
    `${checked} to turn healthy`,
    120_000,
    () => healthOf(checked),
    (status) => status === 'healthy',
    1000,
  );
  const before = [await psLine(plain), await psLine(checked)];
  context.say(`Both consume: ${before.join(' / ')}. Cutting both from ${demoNetwork(context)}`);
  const cutAt = Date.now();
  await Promise.all([disconnectNetwork(demoNetwork(context), plain), disconnectNetwork(demoNetwork(context), checked)]);
  await watch(
    context,
    `${checked} to turn unhealthy`,
    180_000,
    () => healthOf(checked),
    (status) => status === 'unhealthy',
    1000,
  );
  const unhealthyAfterS = secondsSince(cutAt);
  const after = [await psLine(plain), await psLine(checked)];
  const plainHealth = await healthOf(plain);
  context.say(`After ${unhealthyAfterS} s: ${after.join(' / ')}`);
  return {
    demo: context.demo,
    observed: [
      `Before the cut: ${before.join('; ')}.`,
      `${unhealthyAfterS} s after the cut, \`docker ps\` shows: ${after.join('; ')}.`,
      `Without a check Docker only knows the process runs (health: ${plainHealth}); with one it marks the container unhealthy and restarts nothing itself: Swarm, Kubernetes' liveness probe or a watcher acting on the status would replace it.`,
    ],
    figures: { unhealthyAfterS, before, after, plainHealth, check: pingHealthcheck(`${checked}@${checked}`) },
  };
}

export const healthcheckDemo: Demo = {
  name: 'healthcheck',
  summary: 'two workers, one with a HEALTHCHECK that asks the worker itself, both cut off: what `docker ps` says of each',
  question: '`docker ps` said Up for twenty minutes of outage. What health check would have said unhealthy, and what would Docker do with it?',
  run,
};
