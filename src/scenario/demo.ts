/**
 * A demo: a live experiment a scenario offers after its outage, run on containers of its own
 * beside the learner's lab. The engine runs it and cleans up after it; the scenario knows what
 * it does. Its observations come back as data, for the terminal and for --json alike.
 */
export interface DemoContext {
  /** The demo's name, also the value of the demo label on everything it creates. */
  demo: string;
  /** The image the lab's containers run. */
  image: string;
  /** Prints one line of what is happening, as it happens (nothing under --json). */
  say: (text: string) => void;
  /** Aborted on Ctrl-C or SIGTERM: a demo stops waiting as soon as it is. */
  signal: AbortSignal;
}

export interface DemoOutcome {
  /** The demo's name. */
  demo: string;
  /** What was observed, in sentences, for the closing summary. */
  observed: string[];
  /** The same, as figures for scripts and tests. */
  figures: Record<string, unknown>;
}

export interface Demo {
  name: string;
  /** One line for --help and the debrief: what the experiment shows, without the answer. */
  summary: string;
  /** The follow-up question of the scenario it answers. */
  question: string;
  run: (context: DemoContext) => Promise<DemoOutcome>;
}

/** Milliseconds since `start`, in seconds with one decimal: the demos' clock. */
export const secondsSince = (start: number, at = Date.now()) => Math.round((at - start) / 100) / 10;
