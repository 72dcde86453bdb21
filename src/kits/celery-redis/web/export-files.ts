import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The finished CSVs the worker leaves in the exports volume. The worker writes a hidden
 * temporary file and renames it, so a visible <id>.csv is always complete.
 */
export const csvPath = (exportsDir: string, id: string): string => join(exportsDir, `${id}.csv`);

/** Ids of every finished export, from one directory listing. A missing directory means none yet. */
export async function listReadyIds(exportsDir: string): Promise<Set<string>> {
  let names: string[];
  try {
    names = await readdir(exportsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  const ready = new Set<string>();
  for (const name of names) {
    if (!name.startsWith('.') && name.endsWith('.csv')) ready.add(name.slice(0, -4));
  }
  return ready;
}

/** Whether one export's CSV exists (the caller has already checked the id's shape). */
export async function isReady(exportsDir: string, id: string): Promise<boolean> {
  try {
    await access(csvPath(exportsDir, id));
    return true;
  } catch {
    return false;
  }
}
