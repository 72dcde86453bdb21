import { randomUUID } from 'node:crypto';
import { type AlertRule, compareRules, firstReaching, type RuleOutcome, type SignalReading } from '../../../checks/alert-rules.js';
import type { ExportTask } from '../../../kits/celery-redis/broker/envelope.js';
import { readQueueHealth, subscribeHeartbeats } from '../../../kits/celery-redis/broker/redis.js';
import { connectTo, containerState, pushExports, startDemoRedis, startDemoWorker, watch, workerReady } from '../../../kits/celery-redis/demo-stack.js';
import { IN_FLIGHT_ROWS, SMALL_ROWS } from '../../../kits/celery-redis/figures.js';
import { HEARTBEAT_WINDOW_MS } from '../../../kits/celery-redis/observe/live-probe.js';
import { stackSignals } from '../../../kits/celery-redis/status/thresholds.js';
import { markerRow, resample, sparkline } from '../../../lab/text-plot.js';
import { type Demo, type DemoContext, type DemoOutcome, secondsSince } from '../../../scenario/demo.js';
import { DEFAULT_BACKLOG, WORKER_CAP_BYTES } from '../figures.js';

/** The replay: customers submit this many exports a second; the fatal one arrives after a few seconds of normal work. */
export const REPLAY_PER_SECOND = 30;
const FATAL_AFTER_S = 5;
const WORKER = 'aol-demo-paging-worker';

/** Each signal with the alert rule a team would typically page on, at the lab's own PAGE thresholds. */
export const PAGING_RULES: readonly AlertRule[] = [
  {
    signal: 'depth',
    op: '>=',
    threshold: stackSignals.queueDepth.page,
    forS: 0,
    text: `queue depth >= ${stackSignals.queueDepth.page.toLocaleString('en-US')}`,
  },
  {
    signal: 'consumers',
    op: '<',
    threshold: stackSignals.minConsumers,
    forS: 0,
    text: `live consumers < ${stackSignals.minConsumers} (no heartbeat for ${HEARTBEAT_WINDOW_MS / 1000} s)`,
  },
  {
    signal: 'oldestAgeS',
    op: '>=',
    threshold: stackSignals.oldestJobAgeSeconds.page,
    forS: 0,
    text: `oldest waiting job >= ${stackSignals.oldestJobAgeSeconds.page} s`,
  },
];
const LABELS: Record<string, string> = { depth: 'queue depth', consumers: 'live consumers', oldestAgeS: 'oldest job age (s)' };

interface Recording {
  readings: SignalReading[];
  diedAtS: number | undefined;
  pushed: number;
}

async function record(context: DemoContext, port: number): Promise<Recording> {
  const redis = connectTo(port, 0);
  const subscriber = connectTo(port, 0);
  const heard = new Map<string, number>();
  const pushedAt = new Map<string, number>();
  const started = Date.now();
  const recording: Recording = { readings: [], diedAtS: undefined, pushed: 0 };
  let fatalSent = false;
  let lastSaid = -5;
  try {
    await subscribeHeartbeats(subscriber, (host) => heard.set(host, Date.now()));
    // One tick: submit what the replay's rate says is due, then read the three signals.
    const tick = async () => {
      const now = Date.now();
      const due = Math.floor(((now - started) / 1000) * REPLAY_PER_SECOND) - recording.pushed;
      const tasks: ExportTask[] = Array.from({ length: Math.max(0, due) }, () => ({ exportId: randomUUID(), rows: SMALL_ROWS.min, report: 'orders' }));
      if (!fatalSent && now - started >= FATAL_AFTER_S * 1000) {
        fatalSent = true;
        tasks.unshift({ exportId: randomUUID(), rows: IN_FLIGHT_ROWS, report: 'orders-full-history' });
        context.say(`a full-history export (${IN_FLIGHT_ROWS.toLocaleString('en-US')} rows) joins the queue`);
      }
      if (tasks.length) await pushExports(redis, tasks);
      for (const task of tasks) pushedAt.set(task.exportId, now);
      recording.pushed += tasks.filter((task) => task.rows === SMALL_ROWS.min).length;
      const [health, state] = await Promise.all([readQueueHealth(redis), containerState(WORKER)]);
      const atS = secondsSince(started);
      if (recording.diedAtS === undefined && state.status !== 'running') {
        recording.diedAtS = atS;
        context.say(`the worker died: ${state.status} (${state.exitCode}); customers keep submitting`);
      }
      const oldest = health.oldestExportId ? pushedAt.get(health.oldestExportId) : undefined;
      const values: Record<string, number> = { depth: health.queueDepth, oldestAgeS: oldest === undefined ? 0 : Math.round((Date.now() - oldest) / 100) / 10 };
      // Until the first heartbeat there is no reading of consumers, not a count of none.
      if (heard.size > 0) values.consumers = [...heard.values()].filter((at) => Date.now() - at <= HEARTBEAT_WINDOW_MS).length;
      recording.readings.push({ atS, values });
      if (atS - lastSaid >= 5) {
        lastSaid = atS;
        context.say(`depth ${values.depth!.toLocaleString('en-US')} · live consumers ${values.consumers ?? '?'} · oldest waiting ${values.oldestAgeS} s`);
      }
      return health.queueDepth;
    };
    await watch(context, `the replayed backlog to reach ${DEFAULT_BACKLOG.toLocaleString('en-US')}`, 110_000, tick, (depth) => depth >= DEFAULT_BACKLOG, 250);
    return recording;
  } finally {
    redis.disconnect();
    subscriber.disconnect();
  }
}

/**
 * One rule's firing against the death and the milestone. The death is read by polling, and a solo
 * worker busy on its fatal export sends no heartbeats: on a slow machine a rule can fire before it is seen.
 */
export function ruleLine(o: RuleOutcome, reached: string): string {
  if (o.firedAtS === null) return `${o.rule.text}: did not fire in the window`;
  const death =
    o.afterIncidentS === null ? '' : o.afterIncidentS < 0 ? `${-o.afterIncidentS} s before the death was seen, ` : `${o.afterIncidentS} s after the death, `;
  return `${o.rule.text}: fired ${death}${o.leadS} s before the backlog reached ${reached}`;
}

const at = (s: number | null) => (s === null ? 'did not fire' : `fired at ${s.toFixed(1)} s`);

/** The three signals over time, one plotted line each, the kill and each rule's firing marked below. */
export function plotRecording(readings: readonly SignalReading[], outcomes: readonly RuleOutcome[], diedAtS: number | undefined, width = 60): string[] {
  const end = readings.at(-1)?.atS ?? 1;
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const points = readings.flatMap((reading) => {
      const y = reading.values[outcome.rule.signal];
      return y === undefined ? [] : [{ x: reading.atS, y }];
    });
    const last = points.at(-1)?.y ?? 0;
    lines.push(`${LABELS[outcome.rule.signal]!.padEnd(19)} |${sparkline(resample(points, width, 0, end))}| now ${last.toLocaleString('en-US')}`);
    const marks = [...(diedAtS === undefined ? [] : [{ x: diedAtS, mark: 'x' }]), ...(outcome.firedAtS === null ? [] : [{ x: outcome.firedAtS, mark: '^' }])];
    lines.push(`${''.padEnd(19)}  ${markerRow(marks, width, 0, end)}  ${outcome.rule.text}: ${at(outcome.firedAtS)}`);
  }
  lines.push(`${''.padEnd(19)}  0 s${`${end.toFixed(0)} s`.padStart(width - 3)}   (seconds into the replay; x: the worker died, ^: the rule fired)`);
  return lines;
}

async function run(context: DemoContext): Promise<DemoOutcome> {
  const { host, port } = await startDemoRedis(context);
  await startDemoWorker(context, { name: WORKER, pool: 'solo', memoryMiB: WORKER_CAP_BYTES / 1024 / 1024, brokerUrl: `redis://${host}:6379/0` });
  await workerReady(context, WORKER);
  context.say(`replaying the outage: ${REPLAY_PER_SECOND} exports a second into a worker under its ${WORKER_CAP_BYTES / 1024 / 1024} MiB cap`);
  const { readings, diedAtS } = await record(context, port);
  const reachedAtS = firstReaching(readings, 'depth', DEFAULT_BACKLOG);
  const { outcomes, first } = compareRules(readings, PAGING_RULES, diedAtS, reachedAtS);
  const reached = DEFAULT_BACKLOG.toLocaleString('en-US');
  const observed = [
    ...plotRecording(readings, outcomes, diedAtS),
    '',
    `Into the replay: the worker died at ${diedAtS ?? '?'} s; the backlog reached ${reached} at ${reachedAtS ?? '?'} s.`,
    ...outcomes.map((o) => ruleLine(o, reached)),
    first ? `First to fire: ${first.rule.text}, ${first.leadS} s before ${reached} waited.` : 'No rule fired in the window.',
  ];
  return {
    demo: context.demo,
    observed,
    figures: {
      perSecond: REPLAY_PER_SECOND,
      fatalAtS: FATAL_AFTER_S,
      diedAtS: diedAtS ?? null,
      reachedAtS: reachedAtS ?? null,
      target: DEFAULT_BACKLOG,
      rules: outcomes,
      firstSignal: first?.rule.signal ?? null,
      readings,
    },
  };
}

/** The question, for a backlog of `depth` (the debrief asks it with the depth its outage measured). */
export const pagingQuestion = (depth: number) => `Which signal should have paged before the backlog reached ${depth.toLocaleString('en-US')}?`;

export const pagingDemo: Demo = {
  name: 'paging',
  summary: 'replays the outage and plots queue depth, live consumers and oldest-job age, each with an alert rule',
  question: pagingQuestion(DEFAULT_BACKLOG),
  run,
};
