import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyCommand } from '../../src/kits/celery-redis/rules/docker-commands.js';
import { statePaths } from '../../src/project/paths.js';
import { readSessionLog, rotateSessionLog, type SessionEntry } from '../../src/shim/session-log.js';
import { commandLine, shellQuote, splitScript } from '../../src/shim/shell-words.js';
import { transcriptOf as transcriptWith } from '../../src/shim/transcript.js';

const transcriptOf = (entries: readonly SessionEntry[]) => transcriptWith(entries, classifyCommand);

const root = mkdtempSync(join(tmpdir(), 'aol-session-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshPaths = () => {
  const paths = statePaths(join(root, `s${counter++}`));
  mkdirSync(paths.dir, { recursive: true });
  return paths;
};

const entry = (argv: string[], extra: Partial<SessionEntry> = {}): SessionEntry => ({
  at: '2026-11-03T14:05:09.123Z',
  argv,
  exitCode: 0,
  durationMs: 12,
  cwd: '/home/learner',
  ...extra,
});
const line = (value: unknown) => `${JSON.stringify(value)}\n`;

describe('readSessionLog', () => {
  it('reads a missing file as an empty session', () => {
    expect(readSessionLog(join(root, 'nowhere', 'session.jsonl'))).toEqual([]);
  });

  it('reads every well-formed line in order', () => {
    const paths = freshPaths();
    const entries = [
      entry(['ps', '-a']),
      entry(['logs', '-f', 'worker'], { exitCode: null, signal: 'SIGINT' }),
      entry(['-p', 'x', 'ps'], { program: 'docker-compose' }),
    ];
    writeFileSync(paths.sessionLog, entries.map(line).join(''));
    expect(readSessionLog(paths.sessionLog)).toEqual(entries);
  });

  it('skips garbled, truncated, blank and non-entry lines without throwing', () => {
    const paths = freshPaths();
    const good = entry(['inspect', 'worker']);
    writeFileSync(
      paths.sessionLog,
      [
        line(good),
        'not json at all\n',
        '\n',
        '   \n',
        line([1, 2, 3]),
        line(null),
        line('a string'),
        line({ at: 5, argv: ['ps'] }),
        line({ at: 'x', argv: ['ps', 7] }),
        line({ at: 'x', argv: 'ps' }),
        '\u0000\u0000\u0000\n',
        line(entry(['start', 'worker'])),
        line(entry(['ps'])).slice(0, 25), // a shim killed mid-write
      ].join(''),
    );
    expect(readSessionLog(paths.sessionLog).map((e) => e.argv)).toEqual([
      ['inspect', 'worker'],
      ['start', 'worker'],
    ]);
  });

  it('fills in missing optional fields instead of dropping the line', () => {
    const paths = freshPaths();
    writeFileSync(paths.sessionLog, line({ at: '2026-11-03T14:05:09.123Z', argv: ['ps'], exitCode: 'zero', signal: 3, program: 'podman' }));
    expect(readSessionLog(paths.sessionLog)).toEqual([{ at: '2026-11-03T14:05:09.123Z', argv: ['ps'], exitCode: null, durationMs: 0, cwd: '' }]);
  });
});

describe('rotateSessionLog', () => {
  it('moves the log aside as session-<timestamp>.jsonl in the same directory', () => {
    const paths = freshPaths();
    writeFileSync(paths.sessionLog, line(entry(['ps'])));
    const moved = rotateSessionLog(paths, new Date('2026-11-03T14:05:09.123Z'));
    expect(moved).toBe(join(paths.dir, 'session-2026-11-03T14-05-09-123Z.jsonl'));
    expect(existsSync(paths.sessionLog)).toBe(false);
    expect(readSessionLog(moved!)).toEqual([entry(['ps'])]);
    expect(readSessionLog(paths.sessionLog)).toEqual([]);
  });

  it('is a no-op when there is no log', () => {
    const paths = freshPaths();
    expect(rotateSessionLog(paths)).toBeUndefined();
    expect(readdirSync(paths.dir)).toEqual([]);
  });

  it('never overwrites an earlier rotation with the same timestamp', () => {
    const paths = freshPaths();
    const now = new Date('2026-11-03T14:05:09.123Z');
    writeFileSync(paths.sessionLog, line(entry(['first'])));
    const first = rotateSessionLog(paths, now);
    writeFileSync(paths.sessionLog, line(entry(['second'])));
    const second = rotateSessionLog(paths, now);
    expect(second).not.toBe(first);
    expect(readSessionLog(first!)[0]!.argv).toEqual(['first']);
    expect(readSessionLog(second!)[0]!.argv).toEqual(['second']);
  });
});

describe('shellQuote and commandLine', () => {
  it('leaves plain words alone and quotes the rest so a shell reads them back unchanged', () => {
    const words = [
      'ps',
      '-a',
      '--memory=512m',
      'worker',
      '',
      'a b',
      "it's",
      '"q"',
      '$HOME',
      '`id`',
      '*',
      '{{.Names}}\t{{.Status}}',
      'line\nbreak',
      '=x',
      '~',
      'é',
      '\u001b[31mred',
      'a\\b',
    ];
    expect(shellQuote('ps')).toBe('ps');
    expect(shellQuote('--memory=512m')).toBe('--memory=512m');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('{{.Names}}\t{{.Status}}')).toBe(`$'{{.Names}}\\t{{.Status}}'`);
    expect(shellQuote('\u001b[31mred')).not.toContain('\u001b');
    // bash reads each quoted word back as the original.
    const script = `for w in ${words.map(shellQuote).join(' ')}; do printf '<%s>' "$w"; done`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(result.stdout).toBe(words.map((w) => `<${w}>`).join(''));
  });

  it('renders the program first: docker or docker-compose', () => {
    expect(commandLine({ argv: ['exec', 'redis', 'redis-cli', 'LLEN', 'celery'] })).toBe('docker exec redis redis-cli LLEN celery');
    expect(commandLine({ argv: ['ps', '--format', '{{.Names}} {{.Status}}'] })).toBe(`docker ps --format '{{.Names}} {{.Status}}'`);
    expect(commandLine({ argv: ['restart', 'web'], program: 'docker-compose' })).toBe('docker-compose restart web');
  });
});

describe('transcriptOf', () => {
  it('gives each entry its pasteable command line and, when it broke a rule, the rule', () => {
    const entries: SessionEntry[] = [
      { at: '2026-11-03T14:03:22.000Z', argv: ['logs', '--tail', '20', 'worker'], exitCode: 0, durationMs: 120, cwd: '/tmp' },
      { at: '2026-11-03T14:04:01.000Z', argv: ['restart', 'web'], exitCode: 0, durationMs: 10_400, cwd: '/tmp' },
      {
        at: '2026-11-03T14:05:09.000Z',
        argv: ['-p', 'x', 'exec', 'redis', 'redis-cli', 'FLUSHALL'],
        exitCode: null,
        signal: 'SIGINT',
        durationMs: 90,
        cwd: '/tmp',
        program: 'docker-compose',
      },
    ];
    const transcript = transcriptOf(entries);
    expect(transcript[0]).toEqual({ at: '2026-11-03T14:03:22.000Z', command: 'docker logs --tail 20 worker', exitCode: 0 });
    expect(transcript[1]).toEqual({
      at: '2026-11-03T14:04:01.000Z',
      command: 'docker restart web',
      exitCode: 0,
      ruleBreak: expect.stringMatching(/^restarted web/),
    });
    expect(transcript[2]).toEqual({
      at: '2026-11-03T14:05:09.000Z',
      command: 'docker-compose -p x exec redis redis-cli FLUSHALL',
      exitCode: null,
      ruleBreak: expect.stringContaining('FLUSHALL'),
    });
    expect(transcriptOf([])).toEqual([]);
  });
});

describe('classifyCommand', () => {
  const breaks: Array<[string[], RegExp]> = [
    // touching web or redis
    [['restart', 'web'], /^restarted web \(/],
    [['restart', '-t', '0', 'web'], /^restarted web/],
    [['stop', 'redis'], /^stopped redis \(/],
    [['kill', 'web'], /^killed web/],
    [['kill', '--signal', 'HUP', 'redis'], /^killed redis/],
    [['rm', '-f', 'web'], /^removed web/],
    [['pause', 'redis'], /^paused redis/],
    [['update', '--memory', '512m', 'web'], /^changed the settings of web/],
    [['update', '--memory', '512m', '--memory-swap', '512m', 'worker', 'web'], /web/],
    [['restart', 'web', 'redis'], /^restarted web and redis \(web and redis were healthy/],
    [['restart', 'worker', 'redis'], /^restarted redis/],
    [['container', 'restart', 'web'], /^restarted web/],
    [['container', 'rm', 'redis'], /^removed redis/],
    [['container', 'remove', 'redis'], /^removed redis/],
    [['--context', 'default', 'restart', 'web'], /^restarted web/],
    [['-H', 'unix:///var/run/docker.sock', 'stop', 'web'], /^stopped web/],
    [['rename', 'web', 'web-old'], /^renamed web/],
    [['network', 'disconnect', 'async-outage-lab_default', 'redis'], /redis/],
    // compose v2 and v1
    [['compose', 'restart', 'web'], /^restarted web/],
    [['compose', '-p', 'async-outage-lab', '-f', 'compose.yml', 'restart', 'web'], /^restarted web/],
    [['compose', 'restart'], /^restarted web and redis/],
    [['compose', 'stop', 'redis'], /^stopped redis/],
    [['compose', 'kill', '-s', 'SIGKILL', 'web'], /^killed web/],
    [['compose', 'rm', '-s', '-f', 'web'], /^removed web/],
    [['compose', 'up', '-d', '--force-recreate', 'web'], /^recreated web/],
    [['compose', 'up', '-d', '--force-recreate'], /^recreated web and redis/],
    [['compose', 'down'], /^took the stack down/],
    [['compose', 'down', '-v'], /volumes/],
    [['compose', 'down', '--volumes'], /volumes/],
    [['compose', 'exec', 'redis', 'redis-cli', 'FLUSHALL'], /^flushed Redis with FLUSHALL/],
    [['docker-compose', 'restart', 'web'], /^restarted web/],
    // flushing Redis or deleting queued jobs
    [['exec', 'redis', 'redis-cli', 'FLUSHALL'], /^flushed Redis with FLUSHALL \(/],
    [['exec', 'redis', 'redis-cli', 'flushall'], /^flushed Redis with FLUSHALL/],
    [['exec', 'redis', 'redis-cli', 'FlushDb', 'ASYNC'], /^flushed Redis with FLUSHDB/],
    [['exec', '-it', 'redis', 'redis-cli', '-n', '0', 'FLUSHDB'], /FLUSHDB/],
    [['exec', '-e', 'X=1', '-u', 'redis', 'redis', 'redis-cli', '-h', '127.0.0.1', '-p', '6379', 'flushall'], /FLUSHALL/],
    [['exec', 'redis', 'redis-cli', 'DEL', 'celery'], /^deleted the celery queue with DEL/],
    [['exec', 'redis', 'redis-cli', 'del', 'celery'], /^deleted the celery queue with DEL/],
    [['exec', 'redis', 'redis-cli', 'UNLINK', 'celery'], /^deleted the celery queue with UNLINK/],
    [['exec', 'redis', 'redis-cli', 'LTRIM', 'celery', '0', '-1'], /^removed queued jobs with LTRIM/],
    [['exec', 'redis', 'redis-cli', 'LTRIM', 'celery', '1', '0'], /LTRIM/],
    [['exec', 'redis', 'redis-cli', 'RPOP', 'celery', '100'], /RPOP/],
    [['exec', 'redis', 'redis-cli', 'DEL', 'unacked'], /DEL/],
    [['exec', 'redis', '/usr/bin/redis-cli', 'FLUSHALL'], /FLUSHALL/],
    [['exec', 'redis', 'sh', '-c', 'redis-cli flushall'], /^flushed Redis with FLUSHALL/],
    [['exec', 'redis', 'sh', '-c', 'redis-cli LLEN celery && redis-cli DEL celery'], /DEL/],
    [['exec', 'redis', 'bash', '-lc', "echo hi; redis-cli -n 0 'flushdb'"], /FLUSHDB/],
    [['exec', 'redis', 'sh', '-c', 'sh -c "redis-cli FLUSHALL"'], /FLUSHALL/],
    [['exec', 'redis', 'redis-cli', 'SHUTDOWN', 'NOSAVE'], /^shut down redis/],
    [['exec', 'redis', 'redis-cli', 'EVAL', "redis.call('del', 'celery')", '0'], /Lua/],
    // the lab's volumes
    [['volume', 'rm', 'async-outage-lab_redis-data'], /^removed Docker volumes/],
    [['volume', 'rm', '-f', 'async-outage-lab_redis-data', 'async-outage-lab_ledger'], /volumes/],
    [['volume', 'prune', '-a', '-f'], /volumes/],
    [['system', 'prune', '--volumes', '-f'], /volumes/],
  ];

  it.each(breaks)('flags %j', (argv, expected) => {
    expect(classifyCommand(argv)).toMatch(expected);
  });

  const fine: string[][] = [
    [],
    ['ps'],
    ['ps', '-a', '--format', 'table {{.Names}}\t{{.Status}}'],
    ['logs', '--tail', '50', 'worker'],
    ['logs', 'web'],
    ['inspect', 'worker', '--format', '{{.State.OOMKilled}} / {{.State.ExitCode}}'],
    ['inspect', 'web'],
    ['stats', '--no-stream'],
    ['start', 'worker'],
    ['start', 'web'],
    ['restart', 'worker'],
    ['update', '--memory', '512m', '--memory-swap', '512m', 'worker'],
    ['update', '-m', '512m', 'worker'],
    ['rm', '-f', 'worker'],
    ['stop', '-t', '5', 'worker'],
    ['restart', '--help', 'web'],
    ['--help'],
    ['exec', 'redis', 'redis-cli', 'LLEN', 'celery'],
    ['exec', 'redis', 'redis-cli', 'LRANGE', 'celery', '-1', '-1'],
    ['exec', 'redis', 'redis-cli', 'INFO', 'commandstats'],
    ['exec', 'redis', 'redis-cli', 'DEL', 'some-other-key'],
    ['exec', 'redis', 'redis-cli', 'GET', 'celery'],
    ['exec', '-it', 'redis', 'redis-cli'],
    ['exec', 'redis', 'sh', '-c', 'redis-cli LLEN celery'],
    ['exec', 'redis', 'sh', '-c', "echo 'redis-cli flushall'"],
    ['exec', 'worker', 'celery', 'inspect', 'active'],
    ['compose', 'ps'],
    ['compose', 'logs', 'worker'],
    ['compose', 'up', '-d', 'worker'],
    ['compose', 'up', '-d', '--force-recreate', 'worker'],
    ['compose', 'restart', 'worker'],
    ['compose', 'rm', '-f'],
    ['compose', 'rm', '-f', 'worker'],
    ['compose', 'version'],
    ['volume', 'ls'],
    ['volume', 'inspect', 'async-outage-lab_redis-data'],
    ['system', 'prune', '-f'],
    ['run', '--rm', 'debian', 'echo', 'restart', 'web'],
  ];

  it.each(fine.map((argv) => [argv]))('lets %j pass', (argv) => {
    expect(classifyCommand(argv)).toBeUndefined();
  });

  it('reads docker-compose entries as compose commands', () => {
    expect(classifyCommand(['restart', 'web'], 'docker-compose')).toMatch(/^restarted web/);
    expect(classifyCommand(['-p', 'async-outage-lab', 'up', '-d', 'worker'], 'docker-compose')).toBeUndefined();
    expect(classifyCommand(['exec', 'redis', 'redis-cli', 'FLUSHALL'], 'docker-compose')).toMatch(/FLUSHALL/);
  });

  it('splits sh -c scripts into simple commands, honouring quotes', () => {
    expect(splitScript(`redis-cli LLEN celery && echo "a; b" | cat; x='y z'\nnext \\; one # comment`)).toEqual([
      ['redis-cli', 'LLEN', 'celery'],
      ['echo', 'a; b'],
      ['cat'],
      ['x=y z'],
      ['next', ';', 'one'],
    ]);
  });
});
