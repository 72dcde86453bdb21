import { inspectContainer } from '../../docker/engine.js';
import { drainReading } from '../../kits/celery-redis/drain.js';
import type { DrainPort, DrainReading } from '../../scenario/ports.js';
import type { Baseline } from './baseline.js';
import { accountExports } from './criteria/account.js';
import { lossStoppedHalves } from './criteria/headroom.js';
import { AFTERSHOCK_EXPORTS } from './figures.js';
import { sendBurst } from './observe/burst-api.js';
import { keepAftershock, readKeptAftershock } from './observe/kept-aftershock.js';
import { sampleDrain, takeSnapshot } from './observe/observe.js';
import type { AftershockRecord, DrainSample, Snapshot } from './observe/snapshot.js';

export interface Followed {
  samples: DrainSample[];
  aftershock: AftershockRecord | { skipped: string };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `check --wait`: when the loss looks stopped (no eviction, room for what must still run), sends
 * the aftershock, a burst of new exports, then follows the drain to an empty queue, and records
 * what Redis evicted or refused meanwhile. A lab still evicting gets no burst: it would lose it.
 */
async function follow(baseline: Baseline, maxMs: number, onReading: (reading: DrainReading) => void): Promise<Followed | undefined> {
  const worker = await inspectContainer('worker').catch(() => undefined);
  if (!worker?.State.Running) return undefined;
  const before = await takeSnapshot(baseline);
  const halves = before.memory ? lossStoppedHalves(before.memory, accountExports(before, baseline)) : undefined;
  let aftershock: Followed['aftershock'];
  let sentAt = '';
  if (!halves) aftershock = { skipped: 'Redis could not be read' };
  else if (!halves.policy) aftershock = { skipped: 'Redis still evicts: a burst now would only lose more exports' };
  else if (!halves.headroom) aftershock = { skipped: 'Redis has no room for it: the burst would only be refused' };
  else {
    const evictedBefore = before.memory!.evictedKeys;
    sentAt = new Date().toISOString();
    const reply = await sendBurst(baseline.sitePort, baseline.labToken, AFTERSHOCK_EXPORTS).catch((error: Error) => ({
      accepted: [] as string[],
      refused: AFTERSHOCK_EXPORTS,
      firstError: error.message,
      ms: 0,
    }));
    aftershock = {
      sent: AFTERSHOCK_EXPORTS,
      accepted: reply.accepted.length,
      refused: reply.refused,
      ...(reply.firstError ? { firstError: reply.firstError } : {}),
      evictedBefore,
      evictedAfter: evictedBefore,
    };
  }
  const samples: DrainSample[] = [];
  const started = Date.now();
  for (;;) {
    const sample = await sampleDrain(baseline);
    samples.push(sample);
    onReading(drainReading(sample, samples, baseline.busyHour.acceptedIds.length));
    const done = sample.queueDepth === 0 && samples.length >= 2 && samples.at(-2)!.queueDepth === 0;
    const stopped = sample.workerStatus !== undefined && sample.workerStatus !== 'running';
    if (done || stopped || Date.now() - started + 1000 > maxMs) break;
    await pause(1000);
  }
  if ('sent' in aftershock) {
    const evicted = samples.map((sample) => sample.evictedKeys).filter((value) => value >= 0);
    aftershock = { ...aftershock, evictedAfter: Math.max(aftershock.evictedBefore, ...evicted) };
    if (before.broker.reachable && before.broker.runId) keepAftershock(aftershock, { labCreatedAt: baseline.createdAt, sentAt, runId: before.broker.runId });
  }
  return { samples, aftershock };
}

/** Plain `check` samples a short window (evictions and depth over a few seconds), then the snapshot. */
async function observe(baseline: Baseline, { followed, onReading }: { followed?: Followed; onReading: (reading: DrainReading) => void }): Promise<Snapshot> {
  if (followed) return takeSnapshot(baseline, { drain: followed.samples, aftershock: followed.aftershock });
  const samples: DrainSample[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await pause(1000);
    const sample = await sampleDrain(baseline);
    samples.push(sample);
    onReading(drainReading(sample, samples, baseline.busyHour.acceptedIds.length));
  }
  const kept = readKeptAftershock(baseline.createdAt);
  return { ...(await takeSnapshot(baseline, { drain: samples })), ...(kept ? { keptAftershock: kept } : {}) };
}

export const redisEvictionDrain: DrainPort<Baseline, Snapshot, Followed> = { follow, observe };
