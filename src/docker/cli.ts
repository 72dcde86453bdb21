import { execa, type Options } from 'execa';
import { envWithoutShim } from '../project/own-env.js';
import { statePaths } from '../project/paths.js';

/**
 * The environment of the lab's own docker and compose calls: the recording shim is off PATH and
 * told not to record, so the lab's work never shows up in the learner's transcript, even when
 * `up` runs inside `async-outage-lab shell`.
 */
export const cliEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...envWithoutShim(process.env, statePaths().shimDir), ...extra });

/** Runs the docker CLI (for the few things dockerode does not do well: build, compose). */
export function runDocker(args: string[], options: Options = {}) {
  return execa('docker', args, { env: cliEnv(), reject: false, all: true, stdin: 'ignore', ...options });
}
