import { chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExitCode, LabError } from '../errors.js';

/**
 * Every file the lab keeps in its state directory goes through here. The directory is the
 * user's alone (0700) and so are its files (0600); a write goes to a temp file beside its target
 * and is renamed over it, so a reader never sees half a file; nothing is opened through a
 * symbolic link, and a directory or file owned by another user is refused: on a shared host,
 * either would let someone else read the lab's secrets or make it write where they choose.
 */

/** Where the platform has none (Windows), no flag: the ownership check below still runs. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const ownUid = () => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** The error for a state path that is a link or someone else's. */
export function unsafeStatePath(path: string, reason: string): LabError {
  return new LabError(`The lab's state path ${path} ${reason}; the lab keeps its state only in a directory of your own.`, {
    hint: 'Remove it (the lab makes it again), or point ASYNC_OUTAGE_LAB_HOME at a directory that is yours and not a link.',
    exitCode: ExitCode.environment,
  });
}

/** The error for a state directory the lab cannot write (a read-only disk names EROFS here). */
export function unwritableStateDir(path: string, error: unknown): LabError {
  return new LabError(`Cannot write the lab's state at ${path}: ${(error as Error).message}.`, {
    hint: 'Make that directory writable, or point ASYNC_OUTAGE_LAB_HOME at one that is.',
    exitCode: ExitCode.environment,
    cause: error,
  });
}

/** Refuses `path` when it is a symbolic link or belongs to another user; a missing path is fine. */
export function refuseUnsafe(path: string): void {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw unwritableStateDir(path, error);
  }
  if (stats.isSymbolicLink()) throw unsafeStatePath(path, 'is a symbolic link');
  const uid = ownUid();
  if (uid !== undefined && stats.uid !== uid) throw unsafeStatePath(path, `belongs to uid ${stats.uid}, not to you (uid ${uid})`);
}

/** Creates the directory (0700) when missing, refuses it when unsafe, and takes group and other access away. */
export function ensureStateDir(dir: string): void {
  refuseUnsafe(dir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unwritableStateDir(dir, error);
  }
  refuseUnsafe(dir); // made by someone else between the two looks
  try {
    if ((lstatSync(dir).mode & 0o077) !== 0 && process.platform !== 'win32') chmodSync(dir, 0o700);
  } catch (error) {
    throw unwritableStateDir(dir, error);
  }
}

function writeAll(fd: number, content: string): void {
  const bytes = Buffer.from(content, 'utf8');
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
}

/** Writes `content` to `path` whole or not at all: a temp file in the same directory, then a rename. */
export function writeStateFile(path: string, content: string, mode = 0o600): void {
  ensureStateDir(dirname(path));
  refuseUnsafe(path);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    rmSync(temp, { force: true }); // a temp file an earlier process of this pid left
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
    try {
      writeAll(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw unwritableStateDir(path, error);
  }
}

/** Creates `path` only if it does not exist (the lock). Throws the raw error, EEXIST included. */
export function createStateFileOnce(path: string, content: string): void {
  ensureStateDir(dirname(path));
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
  try {
    writeAll(fd, content);
  } finally {
    closeSync(fd);
  }
}

/** Appends one line in one write (shims running at once never interleave); never through a link or into another's file. */
export function appendStateLine(path: string, line: string): void {
  ensureStateDir(dirname(path));
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW, 0o600);
  try {
    const uid = ownUid();
    const owner = fstatSync(fd).uid;
    if (uid !== undefined && owner !== uid) throw unsafeStatePath(path, `belongs to uid ${owner}, not to you (uid ${uid})`);
    writeAll(fd, line);
  } finally {
    closeSync(fd);
  }
}

/** Reads a state file after refusing it, or its directory, when unsafe. ENOENT is thrown as it is. */
export function readStateFile(path: string): string {
  refuseUnsafe(dirname(path));
  refuseUnsafe(path);
  const fd = openSync(path, constants.O_RDONLY | NOFOLLOW);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
