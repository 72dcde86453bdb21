import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeLabState, removeStateDirIfEmpty } from '../../src/lab/state.js';

/** A state directory as a session leaves it: baseline, shim, shell files, two transcripts, and a file of the learner's. */
function stateDir(withOwnFile = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'aol-state-'));
  writeFileSync(join(dir, 'baseline.json'), '{}');
  writeFileSync(join(dir, 'baseline.json.123.tmp'), '{');
  writeFileSync(join(dir, 'session.jsonl'), '');
  writeFileSync(join(dir, 'hints.json'), '{}');
  writeFileSync(join(dir, 'scenario-redis-eviction-aftershock.json'), '{}');
  writeFileSync(join(dir, 'session-2026-11-03T14-05-09-123Z.jsonl'), '');
  mkdirSync(join(dir, 'shim'));
  writeFileSync(join(dir, 'shim', 'docker'), '#!/bin/sh');
  mkdirSync(join(dir, 'shell', 'zsh'), { recursive: true });
  if (withOwnFile) writeFileSync(join(dir, 'notes.txt'), 'mine');
  return dir;
}

describe('removeLabState (down)', () => {
  it('removes everything the lab wrote, and then the empty directory', () => {
    const dir = stateDir();
    const { removed, kept } = removeLabState({ keepHistory: false }, dir);
    expect(removed.map((path) => path.slice(dir.length + 1))).toEqual([
      'baseline.json',
      'baseline.json.123.tmp',
      'hints.json',
      'scenario-redis-eviction-aftershock.json',
      'session-2026-11-03T14-05-09-123Z.jsonl',
      'session.jsonl',
      'shell',
      'shim',
    ]);
    expect(kept).toEqual([]);
    expect(removeStateDirIfEmpty(dir)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps the command and hint history with --keep-history, and files the lab did not write', () => {
    const dir = stateDir(true);
    const { kept } = removeLabState({ keepHistory: true }, dir);
    expect(kept.map((path) => path.slice(dir.length + 1))).toEqual(['hints.json', 'session-2026-11-03T14-05-09-123Z.jsonl', 'session.jsonl']);
    expect(readdirSync(dir).sort()).toEqual(['hints.json', 'notes.txt', 'session-2026-11-03T14-05-09-123Z.jsonl', 'session.jsonl']);
    expect(removeStateDirIfEmpty(dir)).toBe(false);
  });

  it('is content with a directory that does not exist', () => {
    expect(removeLabState({ keepHistory: false }, join(tmpdir(), 'aol-no-such-dir'))).toEqual({ removed: [], kept: [], openShells: [] });
  });
});
