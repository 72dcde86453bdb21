import { psLine } from '../../../docker/demo-containers.js';
import { containerEvents } from '../../../docker/engine.js';
import { readQueueHealth } from '../../../kits/celery-redis/broker/redis.js';
import { connectTo, containerState, pushExports, startDemoRedis, startDemoWorker, watch } from '../../../kits/celery-redis/demo-stack.js';
import { type Demo, type DemoContext, type DemoOutcome, secondsSince } from '../../../scenario/demo.js';
import { WORKER_CAP_BYTES } from '../figures.js';
import {
  type DeathReading,
  demoBacklog,
  eventsOfAccount,
  RESTARTS_TO_SEE,
  type RestartWatch,
  restartPolicyAnswer,
  workerDeaths,
  workerLine,
} from './restart-account.js';

export type { RestartWatch } from './restart-account.js';
export { RESTARTS_TO_SEE, restartGaps } from './restart-account.js';

const CAP_MIB = WORKER_CAP_BYTES / 1024 / 1024;
const ROOM_MIB = 512;
/** How long the demo watches for the loop and the drain together. */
export const WATCH_TIMEOUT_MS = 100_000;

const WORKERS = [
  { id: 'low', policy: 'on-failure', memoryMiB: CAP_MIB, db: 1 },
  { id: 'low-unless-stopped', policy: 'unless-stopped', memoryMiB: CAP_MIB, db: 2 },
  { id: 'room', policy: 'on-failure', memoryMiB: ROOM_MIB, db: 3 },
] as const;
type WorkerId = (typeof WORKERS)[number]['id'];

/** Per worker, while the demo watches: the deaths seen (a new FinishedAt each) and its queue now. */
interface Watching extends RestartWatch {
  readings: DeathReading[];
  lastFinishedAt?: string;
  /** When its state was last read (seconds): Docker's RestartCount then counts the starts up to it. */
  readAt?: number;
}

async function run(context: DemoContext): Promise<DemoOutcome> {
  const started = Date.now();
  const { host, port } = await startDemoRedis(context);
  const tasks = demoBacklog();
  const names = Object.fromEntries(WORKERS.map((w) => [w.id, `aol-demo-restart-${w.id}`])) as Record<WorkerId, string>;
  const redis = Object.fromEntries(WORKERS.map((w) => [w.id, connectTo(port, w.db)])) as Record<WorkerId, ReturnType<typeof connectTo>>;
  const watches = new Map<WorkerId, Watching>();
  try {
    for (const w of WORKERS) await pushExports(redis[w.id], tasks);
    const large = tasks.filter((task) => task.report === 'orders-full-history').length;
    context.say(
      `three workers, each with a queue of its own (its own database on the demo's redis), each fed the same ${tasks.length} exports (${large} full-history ones):`,
    );
    // The state an earlier death left is not a death of this run: FinishedAt starts out unset.
    const since = Date.now() / 1000 - 1;
    for (const w of WORKERS) {
      context.say(`  ${names[w.id]}: --restart=${w.policy}, ${w.memoryMiB} MiB`);
      await startDemoWorker(context, { name: names[w.id], pool: 'solo', memoryMiB: w.memoryMiB, brokerUrl: `redis://${host}:6379/${w.db}`, restart: w.policy });
      watches.set(w.id, {
        name: names[w.id],
        policy: w.policy,
        memoryMiB: w.memoryMiB,
        exports: tasks.length,
        restartCount: 0,
        finalLine: '',
        deaths: [],
        parkedAfterDeath: [],
        restartGapsS: [],
        queueDepth: -1,
        unacked: -1,
        readings: [],
      });
    }
    const tick = async () => {
      for (const w of WORKERS) {
        const seen = watches.get(w.id)!;
        const [state, health] = await Promise.all([containerState(seen.name), readQueueHealth(redis[w.id])]);
        seen.queueDepth = health.queueDepth;
        seen.unacked = health.unackedCount;
        seen.restartCount = state.restartCount;
        seen.readAt = Date.now() / 1000;
        if (state.status === 'restarting' && !seen.restartingLine) seen.restartingLine = await psLine(seen.name);
        // Each death sets FinishedAt anew: what `unacked` holds then is what the deaths parked.
        if (state.finishedAt && state.finishedAt !== seen.lastFinishedAt) {
          seen.lastFinishedAt = state.finishedAt;
          seen.readings.push({ finishedAt: state.finishedAt, parked: health.unackedCount });
          context.say(
            `${seen.name}: died (${state.status}, RestartCount ${state.restartCount}); ${health.unackedCount} export(s) parked in unacked, ${health.queueDepth.toLocaleString('en-US')} waiting in its queue`,
          );
        }
        if (w.id === 'room' && seen.drainedAfterS === undefined && health.queueDepth === 0 && health.unackedCount === 0) {
          seen.drainedAfterS = secondsSince(started);
          context.say(`${seen.name}: its queue is empty, nothing in unacked`);
        }
      }
      return { restarts: watches.get('low')!.restartCount, drained: watches.get('room')!.drainedAfterS !== undefined };
    };
    const what = `${names.low} to be restarted ${RESTARTS_TO_SEE} times and ${names.room} to drain its queue`;
    const last = await watch(context, what, WATCH_TIMEOUT_MS, tick, (seen) => seen.restarts >= RESTARTS_TO_SEE && seen.drained, 200).catch((error: unknown) => {
      if (context.signal.aborted) throw error;
      return undefined; // the summary says what was not seen
    });
    if (!last) context.say(`stopped watching after ${WATCH_TIMEOUT_MS / 1000} s of waiting for ${what}`);
    // The account ends at one last reading: every death up to its start shows in the states it reads
    // (with what it parked), and its RestartCount is the one reported. Read later, RestartCount
    // could count a death the account leaves out.
    const until = Date.now() / 1000;
    if (!context.signal.aborted) await tick();
    for (const seen of watches.values()) {
      // Docker's container filter matches names by prefix too (…-low also matches …-low-unless-stopped): keep this one's own.
      // Deaths up to the last reading's start, starts up to its read of this worker: the same
      // moments its parked counts and its RestartCount were read at.
      const startsUntil = Math.max(until, seen.readAt ?? until);
      const events = (await containerEvents(seen.name, since, startsUntil))
        .filter((e) => e.Actor?.Attributes?.name === seen.name)
        .map((e) => ({ action: (e.Action ?? e.status ?? '').split(':')[0]!, timeNano: e.timeNano ?? (e.time ?? 0) * 1e9 }));
      seen.deaths = workerDeaths(eventsOfAccount(events, until, startsUntil), seen.readings);
      seen.parkedAfterDeath = seen.deaths.map((death) => death.parked ?? -1);
      seen.restartGapsS = seen.deaths.flatMap((death) => (death.restartedAfterS === undefined ? [] : [death.restartedAfterS]));
      seen.finalLine = await psLine(seen.name);
    }
  } finally {
    for (const connection of Object.values(redis)) connection.disconnect();
  }
  const low = watches.get('low')!;
  const unless = watches.get('low-unless-stopped')!;
  const room = watches.get('room')!;
  const watchedS = secondsSince(started);
  const lines = [low, unless, room].map((seen) => ({ seen, line: seen === low && seen.restartingLine ? seen.restartingLine : seen.finalLine }));
  const width = Math.max(...lines.map(({ line }) => line.length));
  const workers = [low, unless, room].map(({ readings: _readings, lastFinishedAt: _last, readAt: _readAt, ...seen }) => seen);
  return {
    demo: context.demo,
    observed: [
      ...[low, unless, room].map((seen) => workerLine(seen, watchedS)),
      '',
      'docker ps -a, the three side by side:',
      ...lines.map(({ seen, line }) => `  ${line.padEnd(width)}${line === seen.finalLine ? '' : '   (seen while Docker was restarting it)'}`),
      '',
      restartPolicyAnswer(low, room, watchedS),
    ],
    figures: { restartsToSee: RESTARTS_TO_SEE, watchedSeconds: watchedS, exports: tasks.length, workers, answer: restartPolicyAnswer(low, room, watchedS) },
  };
}

export const restartPolicyDemo: Demo = {
  name: 'restart-policy',
  summary: 'the worker under a restart policy, at its old cap and with room, fed the same backlog; docker ps -a tells them apart',
  question: 'Would --restart=on-failure have brought the worker back, or kept it dying, and how does `docker ps -a` show which?',
  run,
};
