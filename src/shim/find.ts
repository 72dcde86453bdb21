import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, delimiter as pathDelimiter } from 'node:path';
import { NO_RECORD_ENV, safeRealpath } from '../project/own-env.js';

/**
 * Every shim script the lab writes carries this text near its top. A program on PATH that
 * carries it is a shim (ours, a copy, or another state directory's), never the real docker.
 */
export const SHIM_MARKER = 'async-outage-lab recording shim';

/** The programs the lab puts a recording shim in front of. */
export const SHIMMED_PROGRAMS = ['docker', 'docker-compose'] as const;
export type ShimmedProgram = (typeof SHIMMED_PROGRAMS)[number];

/** Environment the shim script hands to dist/shim.js (and that is taken out again before the real program runs). */
export const SHIM_ENV = {
  /** Which program this shim stands in for: docker or docker-compose. */
  program: 'ASYNC_OUTAGE_LAB_SHIM_PROGRAM',
  /** The directory the shim was installed in (absolute, fixed at install time). */
  dir: 'ASYNC_OUTAGE_LAB_SHIM_DIR',
  /** The script's own $0, as the shell that ran it saw it. */
  self: 'ASYNC_OUTAGE_LAB_SHIM_SELF',
  /** The real program's absolute path, resolved at install time: used when PATH no longer finds one. */
  real: 'ASYNC_OUTAGE_LAB_REAL_DOCKER',
} as const;

export { NO_RECORD_ENV, safeRealpath };

/** True when the file's first bytes carry the shim marker. Unreadable files are not shims. */
export function isShimFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).includes(SHIM_MARKER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface FindProgramOptions {
  /** The program's name: docker or docker-compose. */
  name: string;
  /** The PATH to search. */
  path: string | undefined;
  /** Directories never searched (the shim's own, however they are spelled on PATH). */
  skipDirs?: readonly string[];
  /** Files never returned (the shim script itself), compared after resolving symlinks. */
  skipFiles?: readonly string[];
  platform?: NodeJS.Platform;
  /** Windows: the extensions to try, from PATHEXT. */
  pathExt?: string;
}

/**
 * Finds the real program on PATH the way a shell would, except that it never returns a shim:
 * it skips the shim's directory (also when it is on PATH twice or through a symlink), any file
 * that resolves to the shim script, and any file that carries the shim marker. Empty PATH entries
 * (which a shell reads as the current directory) are skipped too.
 */
export function findRealProgram(options: FindProgramOptions): string | undefined {
  const platform = options.platform ?? process.platform;
  const delimiter = platform === 'win32' ? ';' : platform === process.platform ? pathDelimiter : ':';
  const skipDirs = new Set((options.skipDirs ?? []).map(safeRealpath));
  const skipFiles = new Set((options.skipFiles ?? []).map(safeRealpath));
  const names =
    platform === 'win32'
      ? ['', ...(options.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)].map((ext) => options.name + ext.toLowerCase())
      : [options.name];
  const seen = new Set<string>();
  for (const entry of (options.path ?? '').split(delimiter)) {
    if (!entry || !isAbsolute(entry)) continue;
    const dir = safeRealpath(entry);
    if (skipDirs.has(dir) || seen.has(dir)) continue;
    seen.add(dir);
    for (const name of names) {
      const candidate = join(entry, name);
      if (!isExecutableFile(candidate)) continue;
      const real = safeRealpath(candidate);
      if (skipFiles.has(real) || skipDirs.has(dirname(real)) || isShimFile(real)) continue;
      return candidate;
    }
  }
  return undefined;
}

/** The fallback recorded at install time, if it still exists and is not a shim itself. */
export function usableFallback(path: string | undefined, skipFiles: readonly string[] = []): string | undefined {
  if (!path || !isAbsolute(path) || !isExecutableFile(path)) return undefined;
  const real = safeRealpath(path);
  if (skipFiles.map(safeRealpath).includes(real) || isShimFile(real)) return undefined;
  return path;
}
