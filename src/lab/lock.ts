import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExitCode, LabError } from '../errors.js';
import { createStateFileOnce, ensureStateDir, readStateFile, unwritableStateDir } from './state-dir.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One `up`/`reset`/`down` at a time. The lock holds the owner's pid; a lock whose owner is gone
 * (killed, Ctrl-C before cleanup) is taken over, so an interruption never blocks the next run.
 */
export function acquireLock(path: string, command: string): () => void {
  ensureStateDir(dirname(path));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createStateFileOnce(path, JSON.stringify({ pid: process.pid, command, at: new Date().toISOString() }));
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritableStateDir(path, error);
      let owner: { pid?: number; command?: string } = {};
      try {
        owner = JSON.parse(readStateFile(path)) as typeof owner;
      } catch (unreadable) {
        if (unreadable instanceof LabError) throw unreadable; // a link or someone else's lock
        /* unreadable lock: treat as stale */
      }
      if (owner.pid && owner.pid !== process.pid && alive(owner.pid)) {
        throw new LabError(`Another \`async-outage-lab ${owner.command ?? 'command'}\` is running (pid ${owner.pid}).`, {
          hint: `Wait for it to finish, or stop it (kill ${owner.pid}) and run this again.`,
          exitCode: ExitCode.environment,
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new LabError(`Could not take the lab's lock at ${path}.`, {
    hint: `Remove ${path} if no other async-outage-lab is running.`,
    exitCode: ExitCode.environment,
  });
}
