import { delimiter, resolve } from 'node:path';
import { execa, type Options } from 'execa';
import { statePaths } from '../lab/paths.js';

/**
 * PATH for the lab's own docker calls: the recording shim is taken out, so the lab's work
 * never shows up in the learner's transcript even when `up` runs inside `async-outage-lab shell`.
 */
export function pathWithoutShim(path = process.env.PATH ?? '', shimDir = statePaths().shimDir): string {
  const shim = resolve(shimDir);
  return path
    .split(delimiter)
    .filter((entry) => entry && resolve(entry) !== shim)
    .join(delimiter);
}

export const cliEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: pathWithoutShim(),
  ...extra,
});

/** Runs the docker CLI (for the few things dockerode does not do well: build, compose). */
export function runDocker(args: string[], options: Options = {}) {
  return execa('docker', args, { env: cliEnv(), reject: false, all: true, stdin: 'ignore', ...options });
}
