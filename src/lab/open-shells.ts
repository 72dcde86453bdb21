import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeStateFile } from './state-dir.js';

/**
 * The lab shells open right now, each a file `open-<pid>` in the shell's startup directory that
 * the `shell` command writes when the shell starts and removes when it ends. `down` reads them:
 * a shell left open keeps its recording docker (its PATH names it) and the record of what it ran.
 */
const OPEN = /^open-(\d+)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Records this process's shell as open under `id`; returns what removes the record. */
export function registerOpenShell(rcDir: string, id: string, pid = process.pid): () => void {
  const file = join(rcDir, `open-${pid}`);
  writeStateFile(file, `${id}\n`);
  return () => rmSync(file, { force: true });
}

/** The pids of the lab shells still open (a record whose process has gone is not one). */
export function openShells(rcDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(rcDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const pid = Number(OPEN.exec(name)?.[1]);
    return pid && alive(pid) ? [pid] : [];
  });
}
