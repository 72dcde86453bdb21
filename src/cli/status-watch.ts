import type { StatusProbe, StatusView } from '../scenario/ports.js';
import type { Output } from './output.js';
import { statusLines } from './status-view.js';
import { stopOnSignal } from './stop-signal.js';
import { stdout } from './writer.js';

/** The terminal's alternate screen and cursor, entered once and always left (Ctrl-C included). */
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME_CLEAR = '\x1b[H\x1b[J';

/** Leaving the alternate screen, then the last reading again on the normal one: Ctrl-C keeps what was on screen. */
export function leaveScreen(lastReading: string | undefined): string {
  return `${LEAVE}${lastReading ?? ''}`;
}

export interface WatchOptions {
  intervalMs: number;
  /** The stretch rates are taken over: samples are kept at least that long. */
  rateWindowMs: number;
  /** The view of the samples kept, oldest first. */
  view: (samples: ReadonlyArray<{ at: number }>) => StatusView;
  /** true: redraw a screen; false: one JSON line per interval. */
  screen: boolean;
  header: string;
}

/** What one interval cost: wall time of the sample, this process's CPU, and the calls made. */
interface Cost {
  sampleMs: number;
  cpuMs: number;
  calls: Record<string, number>;
}

/**
 * Samples the lab every interval until Ctrl-C, SIGTERM or a closed stdout, drawing each sample as
 * a screen (TTY) or an NDJSON line. Samples older than the rate window (and a minute at least)
 * are dropped. Resolves once the probe is closed and the terminal restored.
 */
export async function watchStatus(probe: StatusProbe<unknown>, output: Output, options: WatchOptions): Promise<void> {
  const out = stdout();
  const signal = stopOnSignal();
  const stopped = signal.stopped;
  const restore = () => out.write(LEAVE);
  if (options.screen) {
    out.write(ENTER);
    process.on('exit', restore);
  }
  const samples: Array<{ at: number }> = [];
  let lastReading: string | undefined;
  const keepMs = Math.max(options.rateWindowMs, 60_000);
  try {
    while (!signal.isStopped() && !out.closed) {
      const started = Date.now();
      const cpu = process.cpuUsage();
      const before = { ...probe.calls };
      const sample = await Promise.race([probe.sample(), stopped.then(() => undefined)]);
      if (!sample || signal.isStopped()) break;
      const used = process.cpuUsage(cpu);
      const cost: Cost = {
        sampleMs: Date.now() - started,
        cpuMs: Math.round((used.user + used.system) / 100) / 10,
        calls: Object.fromEntries(Object.entries(probe.calls).map(([system, count]) => [system, count - (before[system] ?? 0)])),
      };
      samples.push(sample);
      while (samples.length > 2 && sample.at - samples[0]!.at > keepMs) samples.shift();
      const view = options.view(samples);
      if (options.screen) {
        const footer = [
          '',
          `every ${options.intervalMs / 1000} s · rates over the last ${options.rateWindowMs / 1000} s · sample ${cost.sampleMs} ms, ${cost.cpuMs} ms CPU · Ctrl-C to leave`,
        ];
        lastReading = `${[options.header, '', ...statusLines(view, output, footer.slice(0, 1))].join('\n')}\n`;
        out.write(`${HOME_CLEAR}${[options.header, '', ...statusLines(view, output, footer)].join('\n')}\n`);
      } else {
        out.write(`${JSON.stringify(view.record({ intervalMs: options.intervalMs, cost }))}\n`);
      }
      const wait = Math.max(0, started + options.intervalMs - Date.now());
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, wait))), stopped]);
      clearTimeout(timer);
    }
  } finally {
    probe.close();
    signal.release();
    if (options.screen) {
      out.write(leaveScreen(lastReading));
      process.off('exit', restore);
    }
  }
}
