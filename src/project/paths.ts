import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the lab keeps its state: $ASYNC_OUTAGE_LAB_HOME when set (tests use it), else the
 * platform's per-user state directory (XDG on Linux).
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ASYNC_OUTAGE_LAB_HOME) return resolve(env.ASYNC_OUTAGE_LAB_HOME);
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'async-outage-lab');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'async-outage-lab');
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'async-outage-lab');
}

export const statePaths = (dir = stateDir()) => ({
  dir,
  baseline: join(dir, 'baseline.json'),
  lock: join(dir, 'lock'),
  sessionLog: join(dir, 'session.jsonl'),
  shimDir: join(dir, 'shim'),
});

/** The installed package's root (where compose/, dist/ and scripts/ live). */
export function packageRoot(): string {
  // dist/cli.js -> one level up; src/project/paths.ts (tests) and build/tools/*.js -> two levels up.
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('src', 'project')) || here.endsWith(join('build', 'tools')) ? resolve(here, '..', '..') : resolve(here, '..');
}
