/**
 * The one way the CLI writes to stdout and stderr. When the reader goes away (`reset | head -3`,
 * a closed terminal), further writes are dropped and the command keeps working: a command that
 * changes the lab must never stop half-way because nobody is reading its progress any more.
 */
export class TerminalWriter {
  private gone = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(readonly stream: NodeJS.WriteStream) {
    // Fakes in tests may have no events.
    if (typeof stream.on === 'function')
      stream.on('error', () => {
        // EPIPE (the reader closed the pipe), ERR_STREAM_DESTROYED (a write after that) or any
        // other failure: all final for this stream, and none a reason to abandon the lab half-built.
        this.markGone();
      });
  }

  /** True once the stream's reader has gone: writes are being dropped. */
  get closed(): boolean {
    return this.gone || this.stream.destroyed || this.stream.writableEnded;
  }

  get isTTY(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** The terminal's width, or undefined when this is not a terminal (pipes are never wrapped). */
  get columns(): number | undefined {
    return this.stream.isTTY && this.stream.columns > 0 ? this.stream.columns : undefined;
  }

  write(text: string): void {
    if (this.closed) return;
    try {
      this.stream.write(text);
    } catch {
      this.markGone();
    }
  }

  /** Called once, when the reader goes away. */
  onClose(listener: () => void): void {
    if (this.gone) listener();
    else this.closeListeners.push(listener);
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

let stdoutWriter: TerminalWriter | undefined;
let stderrWriter: TerminalWriter | undefined;

/** The process's stdout, wrapped once. */
export function stdout(): TerminalWriter {
  stdoutWriter ??= new TerminalWriter(process.stdout);
  return stdoutWriter;
}

/** The process's stderr, wrapped once. */
export function stderr(): TerminalWriter {
  stderrWriter ??= new TerminalWriter(process.stderr);
  return stderrWriter;
}
