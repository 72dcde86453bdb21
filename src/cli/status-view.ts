import type { StatusView } from '../scenario/ports.js';
import type { Signal, SignalLevel } from '../scenario/signal.js';
import type { Output } from './output.js';

/** The status view as lines of text: the TTY frame and plain `status` print the same. */

const LEVEL_WIDTH = 7;

function mark(level: SignalLevel, output: Output): string {
  const text = level.padEnd(LEVEL_WIDTH);
  if (level === 'PAGE') return output.color.red(output.bold(text));
  if (level === 'WARN') return output.color.yellow(text);
  if (level === 'OK') return output.color.green(text);
  return output.dim(text);
}

const row = (signal: Signal, output: Output, width: number) => `  ${mark(signal.level, output)} ${signal.label.padEnd(width)}  ${signal.text}`;

/** Each section's title, then its signals, labels aligned across all of them. */
export function statusLines(view: StatusView, output: Output, footer: string[] = []): string[] {
  const width = Math.max(...view.sections.flatMap((section) => section.signals.map((signal) => signal.label.length)));
  return [
    ...view.sections.flatMap((section) => [output.bold(section.title), ...section.signals.map((signal) => row(signal, output, width))]),
    ...footer.map((line) => output.dim(line)),
  ];
}
