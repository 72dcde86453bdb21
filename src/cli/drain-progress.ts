import type { DrainReading } from '../scenario/ports.js';
import { type Output, truncate } from './output.js';

/** A progress bar with rate and ETA for `check --wait`; plain periodic lines when not a TTY. */
export function drainProgress(output: Output) {
  const started = Date.now();
  let lastPlain = 0;
  const describe = (reading: DrainReading) => {
    const { rate, remaining } = reading;
    const perSecond = rate ? -rate.perMinute / 60 : 0;
    const eta = perSecond > 0 && remaining > 0 ? `ETA ${Math.ceil(remaining / perSecond)} s` : '';
    const done = Math.max(0, Math.min(1, 1 - remaining / Math.max(reading.total, 1)));
    const width = 30;
    const bar = `${'█'.repeat(Math.round(done * width))}${'░'.repeat(width - Math.round(done * width))}`;
    const parts = [`${bar} queue ${remaining.toLocaleString('en-US')}`, rate ? rate.text : 'measuring the rate', eta, reading.consumer];
    return parts.filter(Boolean).join(' · ');
  };
  return {
    update(reading: DrainReading) {
      if (output.json) return;
      const text = describe(reading);
      if (output.tty) output.raw(`\r\x1b[2K${output.columns ? truncate(text, output.columns - 1) : text}`);
      else if (Date.now() - lastPlain >= 5000 || reading.remaining === 0) {
        lastPlain = Date.now();
        output.line(text);
      }
    },
    done(last: DrainReading | undefined) {
      if (output.json) return;
      if (output.tty) output.raw('\n');
      output.line(
        output.dim(
          `followed the drain for ${((Date.now() - started) / 1000).toFixed(0)} s; queue ${last ? last.remaining.toLocaleString('en-US') : '?'} at the end`,
        ),
      );
    },
  };
}
