import { pace, queueRate } from '../../../checks/queue-rate.js';
import { counterRate, duration } from '../../../checks/rates.js';
import { MIB } from '../../../project/names.js';
import type { Signal, SignalLevel } from '../../../scenario/signal.js';
import type { ContainerName } from '../figures.js';
import { CONTAINERS } from '../figures.js';
import type { LiveContainer, LiveSample } from '../observe/live-sample.js';
import { type Delivery, startsText } from '../observe/runs.js';
import type { SignalThresholds } from './thresholds.js';

/**
 * The paging signals over a series of live samples, oldest first: pure. The latest sample gives
 * the levels; rates come from the samples within the thresholds' window.
 */
export interface StatusSignals {
  at: number;
  containers: Record<ContainerName, Signal>;
  queue: Signal[];
}

const by = (value: number, limits: { warn: number; page: number }): SignalLevel => (value >= limits.page ? 'PAGE' : value >= limits.warn ? 'WARN' : 'OK');
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const mib = (bytes: number) => `${Math.round(bytes / MIB)} MiB`;

export function containerSignal(view: LiveContainer, at: number, t: SignalThresholds): Signal {
  const label = view.name;
  if (!view.exists) return { id: `container.${view.name}`, label, level: 'PAGE', value: null, text: 'absent' };
  const limit = view.memoryLimitBytes ? `limit ${mib(view.memoryLimitBytes)}` : 'no memory limit';
  // Starts since `up` as `check` counts them; RestartCount counts only a restart policy's restarts.
  const restarts = view.startsSinceUp ? startsText(view.startsSinceUp) : `RestartCount ${view.restartCount ?? 0}`;
  if (!view.running) {
    const state = `${view.status ?? 'unknown'}${view.exitCode !== undefined ? ` (${view.exitCode})` : ''}`;
    return {
      id: `container.${view.name}`,
      label,
      level: view.status === 'restarting' ? 'WARN' : 'PAGE',
      value: null,
      text: `${state} · ${restarts} · ${limit}`,
    };
  }
  const started = view.startedAt ? Date.parse(view.startedAt) : Number.NaN;
  const up = Number.isNaN(started) ? 'running' : `up ${duration((at - started) / 1000)}`;
  const used = view.memoryUsedBytes;
  const ratio = used !== undefined && view.memoryLimitBytes ? used / view.memoryLimitBytes : null;
  const memory =
    used === undefined
      ? limit
      : view.memoryLimitBytes
        ? `${mib(used)} of ${mib(view.memoryLimitBytes)} (${Math.round(ratio! * 100)}%)`
        : `${mib(used)}, no memory limit`;
  return {
    id: `container.${view.name}`,
    label,
    level: ratio === null ? 'OK' : by(ratio, t.memoryRatio),
    value: ratio === null ? null : Math.round(ratio * 1000) / 1000,
    text: `${up} · ${restarts} · ${memory}`,
  };
}

/**
 * The parked exports, sorted as `check` sorts the same deliveries (criteria/account-text.ts); the
 * outage's own reads without naming its cause, since status shows it before a root cause is stated.
 */
function unackedText(by: Record<Delivery, number>): string {
  const parts = [
    by.outage ? `${n(by.outage)} held since the outage began` : '',
    by['ended-run'] ? `${n(by['ended-run'])} taken by ${by['ended-run'] === 1 ? 'a run' : 'runs'} of the worker that ended since` : '',
    by.current ? `${n(by.current)} in the running worker's hands` : '',
  ].filter(Boolean);
  return parts.length ? `: ${parts.join(', ')}` : '';
}

const unknown = (id: string, label: string, why: string): Signal => ({ id, label, level: 'UNKNOWN', value: null, text: why });

export function queueSignals(samples: readonly LiveSample[], t: SignalThresholds): Signal[] {
  const last = samples.at(-1);
  if (!last) return [];
  const { broker, web } = last;
  const window = t.rateWindowMs;
  const depth = broker.reachable ? broker.queueDepth : undefined;
  const waiting = depth !== undefined && depth > 0;
  const signals: Signal[] = [];
  const noRedis = `redis unreadable${broker.error ? ` (${broker.error})` : ''}`;

  signals.push(
    depth === undefined
      ? { ...unknown('queue.depth', 'queue depth', noRedis), level: 'PAGE' }
      : { id: 'queue.depth', label: 'queue depth', level: by(depth, t.queueDepth), value: depth, text: `${n(depth)} job${depth === 1 ? '' : 's'} waiting` },
  );

  const rate = queueRate(
    samples.map((s) => ({ at: s.at, queueDepth: s.broker.reachable && s.broker.queueDepth !== undefined ? s.broker.queueDepth : -1 })),
    window,
  );
  signals.push(
    rate
      ? {
          id: 'queue.rate',
          label: 'queue change',
          level: rate.perMinute > 0 ? by(rate.perMinute, t.queueGrowthPerMinute) : 'OK',
          value: rate.perMinute,
          text: rate.text,
        }
      : unknown('queue.rate', 'queue change', 'needs a second reading'),
  );

  const consumers = broker.consumers;
  if (!broker.reachable || consumers === undefined) signals.push(unknown('queue.consumers', 'live consumers', noRedis));
  else if (consumers.length === 0 && (broker.listenedMs ?? 0) < 2100)
    signals.push(unknown('queue.consumers', 'live consumers', 'listening for worker heartbeats'));
  else {
    const who = consumers.length ? `: ${consumers.join(', ')}` : ' (no worker heartbeat in the last 5 s)';
    signals.push({
      id: 'queue.consumers',
      label: 'live consumers',
      level: waiting && consumers.length < t.minConsumers ? 'PAGE' : 'OK',
      value: consumers.length,
      text: `${consumers.length}${who}`,
    });
  }

  if (!broker.reachable) signals.push(unknown('queue.oldest', 'oldest waiting job', noRedis));
  else if (broker.oldestExportId === null || !waiting)
    signals.push({ id: 'queue.oldest', label: 'oldest waiting job', level: 'OK', value: 0, text: 'nothing waiting' });
  else if (!web.oldestAcceptedAt) signals.push(unknown('queue.oldest', 'oldest waiting job', web.reachable ? 'not in the ledger' : 'web unreadable'));
  else {
    const age = Math.max(0, (last.at - Date.parse(web.oldestAcceptedAt)) / 1000);
    signals.push({
      id: 'queue.oldest',
      label: 'oldest waiting job',
      level: by(age, t.oldestJobAgeSeconds),
      value: Math.round(age),
      text: `waiting ${duration(age)}`,
    });
  }

  if (!broker.reachable || broker.unackedCount === undefined) signals.push(unknown('queue.unacked', 'parked in unacked', noRedis));
  else {
    const kinds = broker.unackedBy;
    const parked = kinds ? kinds.outage + kinds['ended-run'] : Math.max(0, broker.unackedCount - (consumers?.length ?? 0));
    const text = `${n(broker.unackedCount)} delivered, not acknowledged${kinds ? unackedText(kinds) : parked ? ` (${n(parked)} with no live worker to hold ${parked === 1 ? 'it' : 'them'})` : ''}`;
    signals.push({ id: 'queue.unacked', label: 'parked in unacked', level: parked ? by(parked, t.parkedJobs) : 'OK', value: broker.unackedCount, text });
  }

  const finished = counterRate(samples, (s) => (s.web.reachable ? s.web.finished : undefined), window);
  if (!finished) signals.push(unknown('exports.finished', 'exports finished', web.reachable ? 'needs a second reading' : 'web unreadable'));
  else {
    const level: SignalLevel = !waiting ? 'OK' : finished.perMinute === 0 ? 'PAGE' : finished.perMinute < t.finishedPerMinuteBelow ? 'WARN' : 'OK';
    signals.push({ id: 'exports.finished', label: 'exports finished', level, value: finished.perMinute, text: finished.text });
  }

  const accepted = counterRate(samples, (s) => (s.web.reachable ? s.web.accepted202 : undefined), window);
  if (!web.reachable) signals.push({ ...unknown('web.accepted', 'web 202s', `web unreadable${web.error ? ` (${web.error})` : ''}`), level: 'PAGE' });
  else if (!accepted) signals.push(unknown('web.accepted', 'web 202s', 'needs a second reading'));
  else
    signals.push({
      id: 'web.accepted',
      label: 'web 202s',
      level: accepted.perMinute < t.web202PerMinuteBelow ? 'WARN' : 'OK',
      value: accepted.perMinute,
      text: accepted.text,
    });

  if (depth === 0) signals.push({ id: 'queue.eta', label: 'drain ETA', level: 'OK', value: 0, text: 'drained' });
  else if (!rate) signals.push(unknown('queue.eta', 'drain ETA', 'needs a second reading'));
  else if (rate.perMinute >= 0) signals.push({ id: 'queue.eta', label: 'drain ETA', level: 'PAGE', value: null, text: 'never at this rate' });
  else {
    const minutes = rate.to / -rate.perMinute;
    signals.push({
      id: 'queue.eta',
      label: 'drain ETA',
      level: by(minutes, t.drainEtaMinutes),
      value: Math.round(minutes * 60),
      text: `about ${duration(minutes * 60)} at ${pace(rate.perMinute)}`,
    });
  }
  return signals;
}

export function evaluateSignals(samples: readonly LiveSample[], t: SignalThresholds): StatusSignals | undefined {
  const last = samples.at(-1);
  if (!last) return undefined;
  const containers = Object.fromEntries(CONTAINERS.map((name) => [name, containerSignal(last.containers[name], last.at, t)])) as Record<ContainerName, Signal>;
  return { at: last.at, containers, queue: queueSignals(samples, t) };
}
