import type { Signal, SignalLevel } from '../checks/signal-types.js';
import type { StatusSignals } from '../scenarios/worker-oom/status/signals.js';
import { CONTAINERS } from '../scenarios/worker-oom/figures.js';
import type { LiveSample } from '../scenarios/worker-oom/observe/live-sample.js';
import type { Output } from './output.js';

/** The status view as lines of text (the TTY frame and plain `status` print the same), and as one JSON record. */

const LEVEL_WIDTH = 7;

function mark(level: SignalLevel, output: Output): string {
  const text = level.padEnd(LEVEL_WIDTH);
  if (level === 'PAGE') return output.color.red(output.bold(text));
  if (level === 'WARN') return output.color.yellow(text);
  if (level === 'OK') return output.color.green(text);
  return output.dim(text);
}

const row = (signal: Signal, output: Output, width: number) => `  ${mark(signal.level, output)} ${signal.label.padEnd(width)}  ${signal.text}`;

export function statusLines(signals: StatusSignals, output: Output, footer: string[] = []): string[] {
  const width = Math.max(...[...CONTAINERS, ...signals.queue.map((s) => s.label)].map((label) => label.length));
  return [
    output.bold('containers'),
    ...CONTAINERS.map((name) => row(signals.containers[name], output, width)),
    output.bold('queue'),
    ...signals.queue.map((signal) => row(signal, output, width)),
    ...footer.map((line) => output.dim(line)),
  ];
}

/** One NDJSON record: the signals and the raw sample they were judged on. */
export function statusRecord(signals: StatusSignals, sample: LiveSample, extra: Record<string, unknown> = {}) {
  return {
    kind: 'async-outage-lab/status',
    version: 1,
    at: new Date(signals.at).toISOString(),
    ...extra,
    containers: Object.fromEntries(CONTAINERS.map((name) => [name, { ...signals.containers[name], ...sample.containers[name] }])),
    signals: Object.fromEntries(signals.queue.map((signal) => [signal.id, { level: signal.level, value: signal.value, text: signal.text }])),
    sample: { broker: sample.broker, web: sample.web },
  };
}
