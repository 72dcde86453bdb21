import { queueRate } from '../../checks/queue-rate.js';
import { inspectContainer } from '../../docker/engine.js';
import type { DrainPort, DrainReading } from '../../scenario/ports.js';
import type { StackBaseline as Baseline } from './baseline.js';
import { runsOrIsRestarting, takeSnapshot, watchDrain } from './observe/observe.js';
import type { DrainSample, Snapshot } from './observe/snapshot.js';
import { count as n } from './wording.js';

/** One drain sample as `check` shows its progress; the rate is over the samples so far. */
export function drainReading(sample: DrainSample, samples: readonly DrainSample[], total: number): DrainReading {
  return {
    remaining: sample.queueDepth,
    total,
    // Over the recent window, as the report's footer says it: an old burst says little about now.
    rate: queueRate(samples.at(-1) === sample ? samples : [...samples, sample]),
    consumer: `worker ${sample.workerStatus ?? 'not read'}`,
    line: `queue ${n(sample.queueDepth)} · finished ${n(sample.ready)} · ${samples.length} samples`,
  };
}

/** The drain `check --wait` follows (the queue, sampled each second) and the snapshot `check` takes. */
export const celeryRedisDrain: DrainPort<Baseline, Snapshot, DrainSample[]> = {
  async follow(baseline, maxMs, onReading) {
    const worker = await inspectContainer('worker').catch(() => undefined);
    if (!worker?.State.Running && worker?.State.Status !== 'restarting') return undefined;
    return watchDrain(baseline, {
      maxMs,
      intervalMs: 1000,
      goOn: runsOrIsRestarting,
      onSample: (sample, seen) => onReading(drainReading(sample, seen, baseline.backlog.depthAtHandover)),
      // The end of the drain: nothing waiting and nothing in the running worker's hands.
      enough: (sample) => sample.queueDepth === 0 && sample.inHand === 0,
    });
  },
  observe: (baseline, { followed, onReading }) =>
    takeSnapshot(baseline, {
      drainSamples: followed,
      drain: { maxMs: 10_000, intervalMs: 1000, onSample: (sample, samples) => onReading(drainReading(sample, samples, baseline.backlog.depthAtHandover)) },
    }),
};
