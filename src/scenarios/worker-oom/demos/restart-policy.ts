import { readQueueHealth } from '../../../kits/celery-redis/broker/redis.js';
import { containerEvents } from '../../../docker/engine.js';
import { psLine } from '../../../docker/demo-containers.js';
import { secondsSince, type Demo, type DemoContext, type DemoOutcome } from '../../../scenario/demo.js';
import { planBacklog } from '../../../kits/celery-redis/backlog.js';
import { DEFAULT_BACKLOG, WORKER_CAP_BYTES } from '../figures.js';
import { connectTo, containerState, pushExports, startDemoRedis, startDemoWorker, watch } from '../../../kits/celery-redis/demo-stack.js';

const CAP_MIB = WORKER_CAP_BYTES / 1024 / 1024;
const ROOM_MIB = 512;
/** Enough restarts to see the loop and Docker's back-off grow; the demo stops watching there. */
export const RESTARTS_TO_SEE = 5;

const WORKERS = [
  { id: 'low', policy: 'on-failure', memoryMiB: CAP_MIB, db: 1 },
  { id: 'low-unless-stopped', policy: 'unless-stopped', memoryMiB: CAP_MIB, db: 2 },
  { id: 'room', policy: 'on-failure', memoryMiB: ROOM_MIB, db: 3 },
] as const;
type WorkerId = (typeof WORKERS)[number]['id'];

export interface RestartWatch {
  name: string;
  policy: string;
  memoryMiB: number;
  restartCount: number;
  /** The first `docker ps -a` line seen while Docker was restarting it, if any. */
  restartingLine?: string;
  /** The `docker ps -a` line at the end. */
  finalLine: string;
  /** Exports in `unacked` after each death: each one a job the dead worker had taken. */
  parkedAfterDeath: number[];
  /** Seconds between each death and Docker's next start (its back-off, plus nothing else). */
  restartGapsS: number[];
  queueDepth: number;
}

/** The gaps between each `die` and the `start` after it, in seconds, from Docker events. Pure. */
export function restartGaps(events: ReadonlyArray<{ action: string; timeNano: number }>): number[] {
  const gaps: number[] = [];
  let diedAt: number | undefined;
  for (const event of events) {
    if (event.action === 'die') diedAt = event.timeNano;
    else if (event.action === 'start' && diedAt !== undefined) {
      gaps.push(Math.round((event.timeNano - diedAt) / 1e7) / 100);
      diedAt = undefined;
    }
  }
  return gaps;
}

async function run(context: DemoContext): Promise<DemoOutcome> {
  const started = Date.now();
  const { host, port } = await startDemoRedis(context);
  const plan = planBacklog(DEFAULT_BACKLOG);
  const names = Object.fromEntries(WORKERS.map((w) => [w.id, `aol-demo-restart-${w.id}`])) as Record<WorkerId, string>;
  const redis = Object.fromEntries(WORKERS.map((w) => [w.id, connectTo(port, w.db)])) as Record<WorkerId, ReturnType<typeof connectTo>>;
  const watches = new Map<WorkerId, RestartWatch>();
  try {
    for (const w of WORKERS) await pushExports(redis[w.id], plan.tasks);
    context.say(`the same backlog of ${plan.tasks.length.toLocaleString('en-US')} exports (${plan.largeIds.length + 1} full-history ones) for three workers:`);
    for (const w of WORKERS) {
      context.say(`  ${names[w.id]}: --restart=${w.policy}, ${w.memoryMiB} MiB`);
      await startDemoWorker(context, { name: names[w.id], pool: 'solo', memoryMiB: w.memoryMiB, brokerUrl: `redis://${host}:6379/${w.db}`, restart: w.policy });
      watches.set(w.id, { name: names[w.id], policy: w.policy, memoryMiB: w.memoryMiB, restartCount: 0, finalLine: '', parkedAfterDeath: [], restartGapsS: [], queueDepth: -1 });
    }
    const since = Date.now() / 1000 - 1;
    const tick = async () => {
      for (const w of WORKERS) {
        const seen = watches.get(w.id)!;
        const [state, health] = await Promise.all([containerState(seen.name), readQueueHealth(redis[w.id])]);
        seen.queueDepth = health.queueDepth;
        if (state.status === 'restarting' && !seen.restartingLine) seen.restartingLine = await psLine(seen.name);
        // Each restart Docker makes follows a death: what `unacked` holds then is what the deaths parked.
        if (state.restartCount > seen.restartCount) {
          seen.restartCount = state.restartCount;
          seen.parkedAfterDeath.push(health.unackedCount);
          context.say(`${seen.name}: RestartCount ${state.restartCount}, now ${state.status}; ${health.unackedCount} export(s) parked in unacked; ${health.queueDepth.toLocaleString('en-US')} waiting`);
        }
      }
      return watches.get('low')!.restartCount;
    };
    await watch(context, `${names.low} to be restarted ${RESTARTS_TO_SEE} times`, 90_000, tick, (count) => count >= RESTARTS_TO_SEE, 200);
    for (const seen of watches.values()) {
      const events = await containerEvents(seen.name, since, Date.now() / 1000 + 1);
      seen.restartGapsS = restartGaps(events.map((e) => ({ action: (e.Action ?? e.status ?? '').split(':')[0]!, timeNano: e.timeNano ?? (e.time ?? 0) * 1e9 })));
      seen.restartCount = (await containerState(seen.name)).restartCount;
      seen.finalLine = await psLine(seen.name);
    }
  } finally {
    for (const connection of Object.values(redis)) connection.disconnect();
  }
  const low = watches.get('low')!;
  const unless = watches.get('low-unless-stopped')!;
  const room = watches.get('room')!;
  const width = Math.max(low.finalLine.length, (low.restartingLine ?? '').length);
  const loopLine = low.restartingLine ?? low.finalLine;
  return {
    demo: context.demo,
    observed: [
      `${CAP_MIB} MiB, on-failure:     RestartCount ${low.restartCount}, parked after each death ${low.parkedAfterDeath.join(', ')}, gaps between death and restart ${low.restartGapsS.map((g) => `${g} s`).join(', ')}`,
      `${CAP_MIB} MiB, unless-stopped: RestartCount ${unless.restartCount}, parked after each death ${unless.parkedAfterDeath.join(', ')}, gaps ${unless.restartGapsS.map((g) => `${g} s`).join(', ')}`,
      `${ROOM_MIB} MiB, on-failure:     RestartCount ${room.restartCount}, ${room.queueDepth.toLocaleString('en-US')} still waiting after ${secondsSince(started)} s`,
      '',
      'docker ps -a, the crash loop and the recovery side by side:',
      `  ${loopLine.padEnd(width)}   |   ${room.finalLine}`,
    ],
    figures: { restartsToSee: RESTARTS_TO_SEE, workers: [...watches.values()] },
  };
}

export const restartPolicyDemo: Demo = {
  name: 'restart-policy',
  summary: 'the worker under a restart policy, at its old cap and with room, fed the same backlog; docker ps -a tells them apart',
  question: 'Would --restart=on-failure have brought the worker back, or kept it dying, and how does `docker ps -a` show which?',
  run,
};
