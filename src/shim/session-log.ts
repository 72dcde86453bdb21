import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { readStateFile } from '../lab/state-dir.js';

/**
 * One docker command the learner ran through the shim: one JSON line of the session log.
 * `argv` leaves out the program name; `program` is only present for docker-compose.
 */
export interface SessionEntry {
  /** When the command started (ISO 8601, UTC). */
  at: string;
  argv: string[];
  /** The real program's exit code; null when it died from a signal (then `signal` says which). */
  exitCode: number | null;
  signal?: string;
  durationMs: number;
  cwd: string;
  /** Absent for docker; 'docker-compose' when the compose v1 shim recorded it. */
  program?: 'docker-compose';
  /** The lab shell it ran in (its SHELL_ID_ENV), when it ran in one. */
  shell?: string;
}

/** Set by the `shell` command in its shell: the shim records it, so the shell can count its own commands. */
export const SHELL_ID_ENV = 'ASYNC_OUTAGE_LAB_SHELL_ID';

/** The part of statePaths() the session log needs. */
export interface SessionLogPaths {
  dir: string;
  sessionLog: string;
}

// ---------------------------------------------------------------------------------------------
// Reading and rotating
// ---------------------------------------------------------------------------------------------

/** Turns one parsed line into an entry, or undefined when it is not one. */
export function toSessionEntry(value: unknown): SessionEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.at !== 'string' || !Array.isArray(raw.argv) || !raw.argv.every((arg) => typeof arg === 'string')) return undefined;
  const entry: SessionEntry = {
    at: raw.at,
    argv: raw.argv as string[],
    exitCode: typeof raw.exitCode === 'number' && Number.isInteger(raw.exitCode) ? raw.exitCode : null,
    durationMs: typeof raw.durationMs === 'number' && Number.isFinite(raw.durationMs) ? raw.durationMs : 0,
    cwd: typeof raw.cwd === 'string' ? raw.cwd : '',
  };
  if (typeof raw.signal === 'string') entry.signal = raw.signal;
  if (raw.program === 'docker-compose') entry.program = 'docker-compose';
  if (typeof raw.shell === 'string') entry.shell = raw.shell;
  return entry;
}

/**
 * Reads the session log. A missing file is an empty session; a line that is cut short (a shim
 * killed mid-write) or garbled is skipped. Never throws because of what the file contains; a log
 * that is a link or someone else's is refused (exit 3), never read.
 */
export function readSessionLog(path: string): SessionEntry[] {
  let text: string;
  try {
    text = readStateFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  const entries: SessionEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const entry = toSessionEntry(parsed);
    if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * How many commands the lab shell `shellId` recorded, in the current log and those `reset` set
 * aside: true however many resets ran while the shell was open.
 */
export function countShellEntries(paths: SessionLogPaths, shellId: string): number {
  let names: string[];
  try {
    names = readdirSync(paths.dir);
  } catch {
    return 0;
  }
  return names
    .filter((name) => /^session(-.+)?\.jsonl$/.test(name))
    .reduce((count, name) => count + readSessionLog(join(paths.dir, name)).filter((entry) => entry.shell === shellId).length, 0);
}

/** A timestamp that is safe in a file name on every platform: 2026-11-03T14-05-09-123Z. */
const fileStamp = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

/**
 * Moves the current session log aside as session-<timestamp>.jsonl in the same directory, so the
 * next attempt starts with an empty transcript (`reset` calls this). Returns the new path, or
 * undefined when there was no log to move.
 */
export function rotateSessionLog(paths: SessionLogPaths, now: Date = new Date()): string | undefined {
  if (!existsSync(paths.sessionLog)) return undefined;
  const stamp = fileStamp(now);
  let target = join(paths.dir, `session-${stamp}.jsonl`);
  for (let n = 2; existsSync(target); n++) target = join(paths.dir, `session-${stamp}-${n}.jsonl`);
  try {
    renameSync(paths.sessionLog, target);
  } catch (error) {
    // A second reset that got there first: nothing left to move.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return target;
}
