/** How long one step of the lifecycle took (for `up --json` and the benchmark). */
export interface StepTiming {
  step: string;
  ms: number;
  failed?: boolean;
}

/**
 * The port through which the lifecycle reports its steps: it names each step and runs it; the
 * reporter (the CLI's terminal output, or anything else) decides how to show it.
 */
export interface StepReporter {
  step<T>(title: string, run: (detail: (text: string) => void) => Promise<T>, timings?: StepTiming[]): Promise<T>;
}
