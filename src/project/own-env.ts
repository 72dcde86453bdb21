import { realpathSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { statePaths } from './paths.js';

/** Set to 1 (the lab's own docker calls may) to run docker through the shim without recording. */
export const NO_RECORD_ENV = 'ASYNC_OUTAGE_LAB_NO_RECORD';

export function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * An environment for the lab's own docker calls: the shim directory taken off PATH and, should
 * another copy of the shim still be found, recording turned off.
 */
export function envWithoutShim(env: NodeJS.ProcessEnv = process.env, shimDir: string = statePaths().shimDir): NodeJS.ProcessEnv {
  const own = safeRealpath(shimDir);
  const path = (env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry && safeRealpath(entry) !== own)
    .join(delimiter);
  return { ...env, PATH: path, [NO_RECORD_ENV]: '1' };
}
