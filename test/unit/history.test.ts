import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDuration, historyCommand, localTime, renderHistory } from '../../src/cli/history.js';
import { Output } from '../../src/cli/output.js';
import { classifyCommand } from '../../src/kits/celery-redis/rules/docker-commands.js';
import { statePaths } from '../../src/project/paths.js';
import type { SessionEntry } from '../../src/shim/session-log.js';
import { historyRows } from '../../src/usecases/history.js';

const root = mkdtempSync(join(tmpdir(), 'aol-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (h: number, m: number, s: number, day = new Date(2026, 10, 3)) => new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, s).toISOString();

const entries: SessionEntry[] = [
  { at: at(14, 3, 22), argv: ['ps', '-a', '--format', 'table {{.Names}}\t{{.Status}}'], exitCode: 0, durationMs: 412, cwd: '/tmp' },
  { at: at(14, 4, 1), argv: ['restart', 'web'], exitCode: 0, durationMs: 10_400, cwd: '/tmp' },
  { at: at(14, 5, 9), argv: ['logs', '-f', 'worker'], exitCode: null, signal: 'SIGINT', durationMs: 65_000, cwd: '/tmp' },
  { at: at(14, 6, 0), argv: ['exec', 'redis', 'redis-cli', 'FLUSHALL'], exitCode: 1, durationMs: 90, cwd: '/tmp' },
  { at: at(14, 7, 0), argv: ['-p', 'async-outage-lab', 'ps'], exitCode: 0, durationMs: 900, cwd: '/tmp', program: 'docker-compose' },
];

/** An Output that writes into a string, without colour. */
function capture(json = false) {
  let text = '';
  const stream = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { output: new Output({ json, stream, env: { NO_COLOR: '1' } }), text: () => text };
}

describe('history rendering', () => {
  it('shows local time, outcome, duration and the copyable command, and marks rule breakers', () => {
    const { output, text } = capture();
    renderHistory(historyRows(entries, classifyCommand), output, '/state/session.jsonl', new Date(2026, 10, 3, 15));
    const lines = text().split('\n');
    expect(lines[0]).toBe(`  14:03:22  exit 0   0.4s  docker ps -a --format $'table {{.Names}}\\t{{.Status}}'`);
    expect(lines[1]).toBe('✘ 14:04:01  exit 0    10s  docker restart web');
    expect(lines[2]).toMatch(/^ {12}↳ restarted web \(web was healthy/);
    expect(lines[3]).toBe('  14:05:09  SIGINT  1m05s  docker logs -f worker');
    expect(lines[4]).toBe('✘ 14:06:00  exit 1   0.1s  docker exec redis redis-cli FLUSHALL');
    expect(lines[5]).toMatch(/↳ flushed Redis with FLUSHALL/);
    expect(lines[6]).toBe('  14:07:00  exit 0   0.9s  docker-compose -p async-outage-lab ps');
    expect(text()).toContain('5 docker commands recorded; 2 went against');
    expect(text()).toContain('log: /state/session.jsonl');
  });

  it('adds a day header when commands were not all run today', () => {
    const { output, text } = capture();
    renderHistory(historyRows(entries.slice(0, 1), classifyCommand), output, '/x', new Date(2026, 10, 5));
    expect(text().split('\n')[0]).toBe('── 2026-11-03');
  });

  it('explains how to get a transcript when nothing was recorded', () => {
    const { output, text } = capture();
    renderHistory([], output, '/x');
    expect(text()).toMatch(/^No docker commands recorded yet\.\n/);
    expect(text()).toContain('async-outage-lab shell');
    expect(text()).toContain('eval "$(async-outage-lab env)"');
  });

  it('formats durations and times', () => {
    expect(formatDuration(0)).toBe('0.0s');
    expect(formatDuration(9_949)).toBe('9.9s');
    expect(formatDuration(59_000)).toBe('59s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(localTime(new Date(2026, 0, 1, 7, 8, 9))).toBe('07:08:09');
  });
});

describe('async-outage-lab history', () => {
  const home = join(root, 'state');
  let written = '';
  let savedHome: string | undefined;

  beforeEach(() => {
    written = '';
    savedHome = process.env.ASYNC_OUTAGE_LAB_HOME;
    process.env.ASYNC_OUTAGE_LAB_HOME = home;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((written += String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (savedHome === undefined) delete process.env.ASYNC_OUTAGE_LAB_HOME;
    else process.env.ASYNC_OUTAGE_LAB_HOME = savedHome;
    process.exitCode = undefined;
  });

  const run = async (...args: string[]) => {
    const program = new Command('async-outage-lab').exitOverride().addCommand(historyCommand());
    await program.parseAsync(['history', ...args], { from: 'user' });
    return process.exitCode;
  };

  it('prints {entries: []} with --json and exits 0 when there is no log', async () => {
    rmSync(home, { recursive: true, force: true });
    expect(await run('--json')).toBe(0);
    expect(JSON.parse(written)).toEqual({ entries: [] });
  });

  it('prints the empty-transcript hint without --json', async () => {
    rmSync(home, { recursive: true, force: true });
    expect(await run()).toBe(0);
    expect(written).toContain('No docker commands recorded yet');
  });

  it('prints every entry with its command line and rule in --json, skipping garbled lines', async () => {
    const paths = statePaths(home);
    mkdirSync(paths.dir, { recursive: true });
    writeFileSync(paths.sessionLog, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n{"at":"2026-11-03T1`);
    expect(await run('--json')).toBe(0);
    const result = JSON.parse(written) as { entries: Array<SessionEntry & { command: string; rule?: string }> };
    expect(result.entries).toHaveLength(5);
    expect(result.entries[1]).toMatchObject({ argv: ['restart', 'web'], command: 'docker restart web', exitCode: 0 });
    expect(result.entries[1]!.rule).toMatch(/^restarted web/);
    expect(result.entries[0]!.rule).toBeUndefined();
    expect(result.entries[2]).toMatchObject({ signal: 'SIGINT', exitCode: null });
  });
});
