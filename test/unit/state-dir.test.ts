import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labBaseline } from '../../fixtures/snapshots/lab.js';
import { ExitCode, LabError } from '../../src/errors.js';
import { recordHintUsed } from '../../src/lab/hint-record.js';
import { acquireLock } from '../../src/lab/lock.js';
import { readBaseline, writeBaseline } from '../../src/lab/state.js';
import { appendStateLine, ensureStateDir, readStateFile, refuseUnsafe, writeStateFile } from '../../src/lab/state-dir.js';
import { catalog } from '../../src/scenarios/index.js';
import { readSessionLog } from '../../src/shim/session-log.js';

const sampleBaseline = labBaseline();

const scratch = () => mkdtempSync(join(tmpdir(), 'aol-state-dir-'));
const mode = (path: string) => statSync(path).mode & 0o777;

/** Runs `act` and returns the LabError it throws (fails the test when it throws none or another). */
function refusal(act: () => unknown): LabError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(LabError);
    return error as LabError;
  }
  throw new Error('expected a refusal, got none');
}

describe('the state directory', () => {
  it('is created 0700 and its files 0600, whatever the umask', () => {
    const dir = join(scratch(), 'state');
    const umask = process.umask(0o000);
    try {
      writeBaseline(sampleBaseline, join(dir, 'baseline.json'));
      recordHintUsed('2026-11-24T04:00:00.000Z', { at: '2026-11-24T04:01:00.000Z', situation: 'x', level: 1 }, join(dir, 'hints.json'));
      appendStateLine(join(dir, 'session.jsonl'), '{}\n');
      acquireLock(join(dir, 'lock'), 'up')();
    } finally {
      process.umask(umask);
    }
    expect(mode(dir)).toBe(0o700);
    for (const name of ['baseline.json', 'hints.json', 'session.jsonl']) expect(mode(join(dir, name)), name).toBe(0o600);
  });

  it('takes group and other access away from a directory that had it', () => {
    const dir = join(scratch(), 'loose');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    ensureStateDir(dir);
    expect(mode(dir)).toBe(0o700);
  });

  it('writes through a temp file in the same directory: the old file whole until the rename, no temp file left', () => {
    const dir = scratch();
    const path = join(dir, 'baseline.json');
    writeStateFile(path, 'first\n');
    writeStateFile(path, 'second\n');
    expect(readFileSync(path, 'utf8')).toBe('second\n');
    expect(readdirSync(dir)).toEqual(['baseline.json']);
  });

  it('refuses a state directory that is a symbolic link, with exit 3 and a hint', () => {
    const root = scratch();
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(root, 'state'));
    const error = refusal(() => writeBaseline(sampleBaseline, join(root, 'state', 'baseline.json')));
    expect(error.exitCode).toBe(ExitCode.environment);
    expect(error.message).toMatch(/state path .*state is a symbolic link/);
    expect(error.hint).toContain('ASYNC_OUTAGE_LAB_HOME');
    expect(existsSync(join(root, 'elsewhere', 'baseline.json'))).toBe(false);
  });

  it('refuses a baseline, log, hint record or lock that is a symbolic link, and writes nothing through it', () => {
    const dir = scratch();
    const target = join(scratch(), 'target');
    writeFileSync(target, 'not the lab\n');
    for (const name of ['baseline.json', 'session.jsonl', 'hints.json', 'lock']) symlinkSync(target, join(dir, name));
    expect(refusal(() => readBaseline(catalog, join(dir, 'baseline.json'))).exitCode).toBe(ExitCode.environment);
    expect(refusal(() => writeBaseline(sampleBaseline, join(dir, 'baseline.json'))).message).toMatch(/baseline\.json is a symbolic link/);
    expect(refusal(() => readSessionLog(join(dir, 'session.jsonl'))).message).toMatch(/session\.jsonl is a symbolic link/);
    expect(refusal(() => recordHintUsed('t', { at: 't', situation: 's', level: 1 }, join(dir, 'hints.json'))).exitCode).toBe(ExitCode.environment);
    expect(refusal(() => acquireLock(join(dir, 'lock'), 'up')).message).toMatch(/lock is a symbolic link/);
    // The shim's append opens with O_NOFOLLOW: the kernel refuses the link (ELOOP).
    expect(() => appendStateLine(join(dir, 'session.jsonl'), '{}\n')).toThrow(/ELOOP/);
    expect(readFileSync(target, 'utf8')).toBe('not the lab\n');
  });

  it('refuses a state directory owned by another user', () => {
    const uid = process.getuid!();
    if (uid === 0) {
      // As root, make one that belongs to someone else.
      const dir = join(scratch(), 'theirs');
      mkdirSync(dir);
      chownSync(dir, 12345, 12345);
      const error = refusal(() => ensureStateDir(dir));
      expect(error.message).toMatch(/belongs to uid 12345, not to you \(uid 0\)/);
      expect(error.exitCode).toBe(ExitCode.environment);
    } else {
      // As anyone else, the filesystem's root is someone else's.
      expect(refusal(() => refuseUnsafe('/')).message).toMatch(/belongs to uid 0/);
    }
  });

  it('reads what it wrote, and reports a missing file as ENOENT', () => {
    const dir = scratch();
    writeStateFile(join(dir, 'a.json'), '{"a":1}');
    expect(readStateFile(join(dir, 'a.json'))).toBe('{"a":1}');
    expect(() => readStateFile(join(dir, 'missing.json'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
