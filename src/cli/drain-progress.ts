import type { DrainSample } from '../observe/snapshot.js';
import { truncate, type Output } from './output.js';

/** A progress bar with rate and ETA for `check --wait`; plain periodic lines when not a TTY. */
export function drainProgress(output: Output, total: number) {
  const started = Date.now();
  let lastPlain = 0;
  const describe = (sample: DrainSample, samples: DrainSample[]) => {
    const first = samples[0] ?? sample;
    const seconds = (sample.at - first.at) / 1000;
    const rate = seconds > 0 ? (first.queueDepth - sample.queueDepth) / seconds : 0;
    const eta = rate > 0 ? `ETA ${Math.ceil(sample.queueDepth / rate)} s` : 'ETA ?';
    const done = Math.max(0, Math.min(1, 1 - sample.queueDepth / Math.max(total, 1)));
    const width = 30;
    const bar = `${'█'.repeat(Math.round(done * width))}${'░'.repeat(width - Math.round(done * width))}`;
    return `${bar} queue ${sample.queueDepth.toLocaleString('en-US')} · ${rate.toFixed(0)}/s · ${eta} · worker ${sample.workerStatus}`;
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
