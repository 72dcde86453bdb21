import { inspectDemo, psLine } from '../../../docker/demo-containers.js';
import { disconnectNetwork } from '../../../docker/engine.js';
import { ExitCode, LabError } from '../../../errors.js';
import { demoNetwork, startDemoRedis, startDemoWorker, watch, workerReady } from '../../../kits/celery-redis/demo-stack.js';
import { type Demo, type DemoContext, type DemoOutcome, secondsSince } from '../../../scenario/demo.js';
import { BROKER_SOCKET_TIMEOUT_S } from '../figures.js';
import { healthAnswer, type WorkerSeen } from './health-outcome.js';

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

/** How long the cut-off worker's check may take to turn it unhealthy: its retries, each an interval and a timed-out ping, on a loaded host. */
export const UNHEALTHY_TIMEOUT_MS = 75_000;
/** How long the demo waits for one more failing check once it is unhealthy: what Docker does then is the answer. */
const NEXT_CHECK_TIMEOUT_MS = 45_000;

const healthOf = async (name: string) => (await inspectDemo(name))?.State.Health?.Status ?? 'none';

/** A poll whose timeout is an outcome: false when `what` did not happen in time. */
async function happened(context: DemoContext, what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<boolean> {
  try {
    return await watch(context, what, timeoutMs, probe, (yes) => yes, 1000);
  } catch (error) {
    if (context.signal.aborted || !(error instanceof LabError) || error.exitCode === ExitCode.interrupted) throw error;
    return false;
  }
}

async function seen(name: string, startedAt: string | undefined): Promise<WorkerSeen> {
  const [info, ps] = await Promise.all([inspectDemo(name), psLine(name)]);
  return {
    ps,
    running: info?.State.Running ?? false,
    health: info?.State.Health?.Status ?? 'none',
    failingStreak: info?.State.Health?.FailingStreak ?? 0,
    restartCount: info?.RestartCount ?? 0,
    sameStart: info !== undefined && info.State.StartedAt === startedAt,
    networks: Object.keys(info?.NetworkSettings.Networks ?? {}),
  };
}

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
  const check = pingHealthcheck(`${checked}@${checked}`);
  const env = { AOL_BROKER_SOCKET_TIMEOUT: String(BROKER_SOCKET_TIMEOUT_S) };
  context.say(`Starting two workers on ${redis.host}: ${plain} without a health check, ${checked} with \`celery inspect ping\` every ${check.intervalS} s`);
  await Promise.all([
    startDemoWorker(context, { name: plain, pool: 'solo', memoryMiB: 256, brokerUrl: broker, env }),
    startDemoWorker(context, { name: checked, pool: 'solo', memoryMiB: 256, brokerUrl: broker, env, healthcheck: check }),
  ]);
  await Promise.all([workerReady(context, plain, 60_000), workerReady(context, checked, 60_000)]);
  await watch(
    context,
    `${checked} to turn healthy`,
    60_000,
    () => healthOf(checked),
    (status) => status === 'healthy',
    1000,
  );
  const [plainStart, checkedStart] = await Promise.all([inspectDemo(plain), inspectDemo(checked)]).then((infos) => infos.map((i) => i?.State.StartedAt));
  const before = [await psLine(plain), await psLine(checked)];
  context.say(`Both ready, the checked one healthy: ${before.join(' / ')}. Cutting both from ${demoNetwork(context)}`);
  const cutAt = Date.now();
  await Promise.all([disconnectNetwork(demoNetwork(context), plain), disconnectNetwork(demoNetwork(context), checked)]);
  const turned = await happened(context, `${checked} to turn unhealthy`, UNHEALTHY_TIMEOUT_MS, async () => (await healthOf(checked)) === 'unhealthy');
  const unhealthyAfterS = turned ? secondsSince(cutAt) : undefined;
  const after = [await psLine(plain), await psLine(checked)];
  context.say(turned ? `After ${unhealthyAfterS} s: ${after.join(' / ')}` : `Not unhealthy after ${UNHEALTHY_TIMEOUT_MS / 1000} s: ${after.join(' / ')}`);
  // What Docker does with an unhealthy container shows at its next check: one more failure, and whatever follows it.
  if (turned)
    await happened(
      context,
      `${checked}'s next check to fail`,
      NEXT_CHECK_TIMEOUT_MS,
      async () => ((await inspectDemo(checked))?.State.Health?.FailingStreak ?? 0) > check.retries,
    );
  const workers = { plain: await seen(plain, plainStart), checked: await seen(checked, checkedStart) };
  const answer = healthAnswer(workers.plain, workers.checked, check.retries, unhealthyAfterS);
  return {
    demo: context.demo,
    observed: [
      `Before the cut: ${before.join('; ')}.`,
      turned
        ? `${unhealthyAfterS} s after the cut, \`docker ps\` shows: ${after.join('; ')}.`
        : `${UNHEALTHY_TIMEOUT_MS / 1000} s after the cut, still not unhealthy: ${after.join('; ')}.`,
      `At the end: ${workers.plain.ps}; ${workers.checked.ps}.`,
      '',
      answer,
    ],
    figures: { unhealthyAfterS: unhealthyAfterS ?? null, unhealthyTimeoutSeconds: UNHEALTHY_TIMEOUT_MS / 1000, before, after, workers, check, answer },
  };
}

export const healthcheckDemo: Demo = {
  name: 'healthcheck',
  summary: 'two workers, one with a HEALTHCHECK that asks the worker itself, both cut off: what `docker ps` says of each',
  question: '`docker ps` said Up for twenty minutes of outage. What health check would have said unhealthy, and what would Docker do with it?',
  run,
};
