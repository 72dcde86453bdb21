import chalk, { Chalk } from 'chalk';
import { LabError } from '../errors.js';
import type { StepTiming } from '../lab/progress.js';
import type { Interruption } from './interruption.js';
import { asInvoked } from './invocation.js';
import { stderr, stdout, TerminalWriter } from './writer.js';

/**
 * All terminal rendering goes through here: colour (off under NO_COLOR or when not a TTY),
 * step progress with a spinner on a TTY and plain lines otherwise, and JSON mode.
 */
export interface OutputOptions {
  json?: boolean;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

/** The process's own streams share one writer each; anything else (tests) gets its own. */
const writerFor = (stream: NodeJS.WriteStream) => (stream === process.stdout ? stdout() : stream === process.stderr ? stderr() : new TerminalWriter(stream));

/** Cuts `text` to `width` characters, ending in … when it had to cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 0 ? '' : `${chars.slice(0, width - 1).join('')}…`;
}

export class Output {
  readonly json: boolean;
  readonly tty: boolean;
  readonly color: InstanceType<typeof Chalk>;
  private readonly stream: TerminalWriter;
  /** Set by a command that changes the lab: a signal is honoured between steps, never inside one. */
  interruption: Interruption | undefined;

  constructor(options: OutputOptions = {}) {
    const env = options.env ?? process.env;
    this.stream = writerFor(options.stream ?? process.stdout);
    this.json = options.json ?? false;
    this.tty = Boolean(this.stream.isTTY) && !env.CI;
    const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
    this.color = new Chalk({ level: noColor || !this.stream.isTTY ? 0 : chalk.level || 1 });
  }

  /** A line for people; suppressed in JSON mode (stdout then carries only the JSON object). */
  line(text = ''): void {
    if (!this.json) this.stream.write(`${asInvoked(text)}\n`);
  }

  /** Text as it is, with no newline: for a line redrawn in place on a terminal. */
  raw(text: string): void {
    if (!this.json) this.stream.write(text);
  }

  /** True once the reader of this output has gone (`| head -1`): writes are being dropped. */
  get closed(): boolean {
    return this.stream.closed;
  }

  /** The terminal's width; undefined when not a terminal, where lines are never cut. */
  get columns(): number | undefined {
    return this.tty ? this.stream.columns : undefined;
  }

  /** The one JSON object a --json run prints. */
  result(value: unknown): void {
    if (this.json) this.stream.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  ok(text: string): string {
    return `${this.color.green('✔')} ${text}`;
  }
  bad(text: string): string {
    return `${this.color.red('✘')} ${text}`;
  }
  dim(text: string): string {
    return this.color.dim(text);
  }
  bold(text: string): string {
    return this.color.bold(text);
  }

  /**
   * Runs one named step with progress: a spinner and elapsed time on a TTY, one line when it ends
   * otherwise. Returns the step's value and records its duration in `timings`.
   */
  async step<T>(title: string, run: (update: (detail: string) => void) => Promise<T>, timings?: StepTiming[]): Promise<T> {
    this.interruption?.stepStarting(title);
    const started = Date.now();
    let detail = '';
    let frame = 0;
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    // On a terminal the line must fit its width (a wrapped spinner line cannot be redrawn, and a
    // wrapped detail breaks mid-word); piped output keeps every character.
    const fitted = (head: string) => {
      if (!detail) return '';
      const columns = this.columns;
      return ` ${this.dim(columns === undefined ? detail : truncate(detail, columns - [...head].length - 2))}`;
    };
    const draw = () => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.stream.write(
        `\r\x1b[2K${this.color.cyan(frames[frame++ % frames.length] ?? '')} ${title} ${this.dim(`${seconds}s`)}${fitted(`x ${title} ${seconds}s`)}`,
      );
    };
    const live = this.tty && !this.json;
    const timer = live ? setInterval(draw, 100) : undefined;
    // Off a terminal a step is one line, written when it ends (a log reads it once, with its outcome).
    if (live) draw();
    const finish = (mark: string) => {
      if (timer) clearInterval(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (live) this.stream.write('\r\x1b[2K');
      if (!this.json) this.stream.write(`${mark} ${title} ${this.dim(`(${seconds}s)`)}${fitted(`x ${title} (${seconds}s)`)}\n`);
    };
    try {
      const value = await run((text) => {
        detail = text;
      });
      finish(this.color.green('✔'));
      timings?.push({ step: title, ms: Date.now() - started });
      return value;
    } catch (error) {
      finish(this.color.red('✘'));
      timings?.push({ step: title, ms: Date.now() - started, failed: true });
      throw error;
    } finally {
      this.interruption?.stepEnded(title);
    }
  }
}

export type { StepTiming } from '../lab/progress.js';

/** Prints an error once, at the CLI boundary: message, then the hint that names the fix. */
export function formatError(error: unknown, output: Output): string {
  if (error instanceof LabError) {
    const lines = [`${output.color.red('error:')} ${error.message}`];
    if (error.hint) lines.push(`${output.color.yellow('hint:')} ${error.hint}`);
    return asInvoked(lines.join('\n'));
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${output.color.red('unexpected error:')} ${message}\n${output.color.yellow('hint:')} this is a bug in async-outage-lab; \`async-outage-lab reset\` puts the lab back.`;
}
