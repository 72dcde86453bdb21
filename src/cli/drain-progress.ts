import { queueRate } from '../checks/queue-rate.js';
import type { DrainSample } from '../scenarios/worker-oom/observe/snapshot.js';
import { truncate, type Output } from './output.js';

/** A progress bar with rate and ETA for `check --wait`; plain periodic lines when not a TTY. */
export function drainProgress(output: Output, total: number) {
  const started = Date.now();
  let lastPlain = 0;
  const describe = (sample: DrainSample, samples: DrainSample[]) => {
    // Over the recent window, as the report's footer says it: an old burst says little about now.
    const rate = queueRate(samples.at(-1) === sample ? samples : [...samples, sample]);
    const perSecond = rate ? -rate.perMinute / 60 : 0;
    const eta = perSecond > 0 && sample.queueDepth > 0 ? `ETA ${Math.ceil(sample.queueDepth / perSecond)} s` : '';
    const done = Math.max(0, Math.min(1, 1 - sample.queueDepth / Math.max(total, 1)));
    const width = 30;
    const bar = `${'█'.repeat(Math.round(done * width))}${'░'.repeat(width - Math.round(done * width))}`;
    const parts = [`${bar} queue ${sample.queueDepth.toLocaleString('en-US')}`, rate ? rate.text : 'measuring the rate', eta, `worker ${sample.workerStatus}`];
    return parts.filter(Boolean).join(' · ');
  };
  return {
    update(sample: DrainSample, samples: DrainSample[]) {
      if (output.json) return;
      const text = describe(sample, samples);
      if (output.tty) output.raw(`\r\x1b[2K${output.columns ? truncate(text, output.columns - 1) : text}`);
      else if (Date.now() - lastPlain >= 5000 || sample.queueDepth === 0) {
        lastPlain = Date.now();
        output.line(text);
      }
    },
    done(samples: DrainSample[]) {
      if (output.json) return;
      if (output.tty) output.raw('\n');
      const last = samples.at(-1);
      output.line(output.dim(`followed the drain for ${((Date.now() - started) / 1000).toFixed(0)} s; queue ${last ? last.queueDepth.toLocaleString('en-US') : '?'} at the end`));
    },
  };
}
