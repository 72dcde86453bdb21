/**
 * The recording docker shim, end to end through the installed `docker` script: a fake docker
 * stands in for the real one (it echoes its arguments, reads stdin, exits with a chosen code,
 * sleeps or traps signals when asked). One test runs the shim in front of the machine's real
 * docker client (`docker --version` needs no daemon). No Docker daemon is needed.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../src/errors.js';
import { statePaths } from '../../src/project/paths.js';
import { findRealProgram, isShimFile, SHIM_MARKER } from '../../src/shim/find.js';
import { ensureShim, envWithoutShim, pathWithShim, shimScript } from '../../src/shim/install.js';
import { readSessionLog } from '../../src/shim/session-log.js';

const FAKE_DOCKER = `#!/bin/sh
# A stand-in for the real docker: prints each argument as <arg> on its own line.
[ -n "$FAKE_READY" ] && : > "$FAKE_READY"
case "$FAKE_MODE" in
  silent) exit "\${FAKE_EXIT:-0}" ;;
  stdin) cat; exit "\${FAKE_EXIT:-0}" ;;
  fail) echo "Error response from daemon: No such container: nope" >&2; exit 1 ;;
  sleep) exec sleep 30 ;;
  trap)
    trap 'kill $sleeper 2>/dev/null; echo "got TERM" > "$FAKE_OUT"; exit 7' TERM
    sleep 30 & sleeper=$!
    wait $sleeper
    exit 0 ;;
  env) env | grep '^ASYNC_OUTAGE_LAB' ; exit 0 ;;
esac
for arg in "$@"; do printf '<%s>\\n' "$arg"; done
exit "\${FAKE_EXIT:-0}"
`;

let root: string;
let shimJs: string;
let fakeBin: string;
let emptyBin: string;
const systemPath = ['/usr/bin', '/bin'].join(delimiter);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aol-shim-'));
  shimJs = join(root, 'dist', 'shim.js');
  await build({
    entryPoints: [join(import.meta.dirname, '..', '..', 'src', 'shim', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile: shimJs,
    logLevel: 'warning',
  });
  fakeBin = join(root, 'fake bin');
  emptyBin = join(root, 'empty');
  mkdirSync(fakeBin, { recursive: true });
  mkdirSync(emptyBin, { recursive: true });
  writeFileSync(join(fakeBin, 'docker'), FAKE_DOCKER, { mode: 0o755 });
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
/** A fresh state directory (with a space and a quote in its name) and the shim installed in it. */
function lab(installPath = `${fakeBin}${delimiter}${systemPath}`) {
  const home = join(root, `state ${counter++} it's`);
  const paths = statePaths(home);
  const install = ensureShim(paths, { shimJs, env: { PATH: installPath } });
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    HOME: root,
    PATH: [paths.shimDir, fakeBin, systemPath].join(delimiter),
    ASYNC_OUTAGE_LAB_HOME: home,
    ...extra,
  });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): SpawnSyncReturns<string> =>
    spawnSync(install.docker, args, { env: env(extra), encoding: 'utf8', input: input ?? '', timeout: 20_000 });
  const log = () => readSessionLog(paths.sessionLog);
  return { home, paths, install, env, run, log };
}

const waitFor = async (what: string, check: () => boolean, timeoutMs = 10_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the shim in its own process group; resolves when it ends. */
function start(lab_: ReturnType<typeof lab>, args: string[], extra: NodeJS.ProcessEnv) {
  const child = spawn(lab_.install.docker, args, { env: lab_.env(extra), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const ended = new Promise<Ended>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, ended };
}

describe('the docker shim passes commands through', () => {
  it.each([0, 1, 42])('preserves exit code %i and records it', (code) => {
    const { run, log } = lab();
    const result = run(['inspect', 'worker'], { FAKE_EXIT: String(code) });
    expect(result.status).toBe(code);
    expect(result.stdout).toBe('<inspect>\n<worker>\n');
    expect(result.stderr).toBe('');
    const entries = log();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ argv: ['inspect', 'worker'], exitCode: code });
    expect(entries[0]!.signal).toBeUndefined();
  });

  it('hands stdin through to the real docker', () => {
    const { run } = lab();
    const result = run(['exec', '-i', 'redis', 'redis-cli'], { FAKE_MODE: 'stdin' }, 'LLEN celery\nPING\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('LLEN celery\nPING\n');
  });

  it('leaves arguments with spaces, quotes, $, globs, tabs, newlines and empty strings untouched', () => {
    const { run, log } = lab();
    const args = [
      'ps',
      '-a',
      '--format',
      'table {{.Names}}\t{{.Status}}',
      "it's",
      '"double"',
      '$HOME',
      '`id`',
      '*',
      '',
      'two  spaces',
      'ünïcode',
      'line\nbreak',
      '-',
      '--',
    ];
    const result = run(args);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(args.map((arg) => `<${arg}>\n`).join(''));
    expect(log()[0]!.argv).toEqual(args);
  });

  it('records one line per call with the start time, argv, exit code, duration and cwd', () => {
    const { run, log, paths } = lab();
    const before = Date.now();
    run(['ps', '-a']);
    run(['logs', '--tail', '20', 'worker'], { FAKE_EXIT: '1' });
    run(['start', 'worker']);
    const lines = readFileSync(paths.sessionLog, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const entries = log();
    expect(entries.map((entry) => entry.argv)).toEqual([
      ['ps', '-a'],
      ['logs', '--tail', '20', 'worker'],
      ['start', 'worker'],
    ]);
    expect(entries.map((entry) => entry.exitCode)).toEqual([0, 1, 0]);
    for (const entry of entries) {
      expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(entry.cwd).toBe(process.cwd());
      expect(entry.program).toBeUndefined();
    }
  });

  it('prints nothing of its own when the real docker prints nothing', () => {
    const { run } = lab();
    const result = run(['stop', 'nothing'], { FAKE_MODE: 'silent' });
    expect(result).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it("passes the real docker's own errors and exit code through", () => {
    const { run, log } = lab();
    const result = run(['inspect', 'nope'], { FAKE_MODE: 'fail' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Error response from daemon: No such container: nope\n');
    expect(log()[0]).toMatchObject({ argv: ['inspect', 'nope'], exitCode: 1 });
  });

  it("takes its own variables out of the real docker's environment", () => {
    const { run, home } = lab();
    const result = run(['version'], { FAKE_MODE: 'env' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`ASYNC_OUTAGE_LAB_HOME=${home}\n`);
  });

  it('appends whole lines when many shims run at once', async () => {
    const l = lab();
    const runs = Array.from({ length: 24 }, (_, i) => start(l, ['ps', `--filter=name=${i}`, 'x'.repeat(2000)], {}).ended);
    const ended = await Promise.all(runs);
    expect(ended.every((end) => end.code === 0)).toBe(true);
    const lines = readFileSync(l.paths.sessionLog, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(24);
    const filters = l.log().map((entry) => entry.argv[1]);
    expect(new Set(filters).size).toBe(24);
  });
});

describe('signals', () => {
  it('forwards SIGTERM to the real docker and exits 143 when it dies from it', async () => {
    const l = lab();
    const ready = join(l.home, 'ready');
    const { child, ended } = start(l, ['logs', '-f', 'worker'], { FAKE_MODE: 'sleep', FAKE_READY: ready });
    await waitFor('the fake docker to start', () => existsSync(ready));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    const end = await ended;
    expect(end).toMatchObject({ code: 143, signal: null, stderr: '' });
    expect(l.log()[0]).toMatchObject({ argv: ['logs', '-f', 'worker'], exitCode: null, signal: 'SIGTERM' });
  });

  it('lets a docker that handles SIGTERM decide its own exit code', async () => {
    const l = lab();
    const ready = join(l.home, 'ready');
    const out = join(l.home, 'trap-out');
    const { child, ended } = start(l, ['compose', 'up'], { FAKE_MODE: 'trap', FAKE_READY: ready, FAKE_OUT: out });
    await waitFor('the fake docker to start', () => existsSync(ready));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    const end = await ended;
    expect(end.code).toBe(7);
    expect(readFileSync(out, 'utf8')).toBe('got TERM\n');
    expect(l.log()[0]).toMatchObject({ exitCode: 7 });
  });

  it('survives a Ctrl-C sent to the whole process group, lets docker handle it, and exits 130', async () => {
    const l = lab();
    const ready = join(l.home, 'ready');
    const { child, ended } = start(l, ['logs', '-f', 'worker'], { FAKE_MODE: 'sleep', FAKE_READY: ready });
    await waitFor('the fake docker to start', () => existsSync(ready));
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(-child.pid!, 'SIGINT');
    const end = await ended;
    expect(end).toMatchObject({ code: 130, signal: null, stderr: '' });
    expect(l.log()[0]).toMatchObject({ exitCode: null, signal: 'SIGINT' });
  });

  it('does not die first when SIGINT reaches only the shim', async () => {
    const l = lab();
    const ready = join(l.home, 'ready');
    const { child, ended } = start(l, ['logs', '-f', 'worker'], { FAKE_MODE: 'sleep', FAKE_READY: ready });
    await waitFor('the fake docker to start', () => existsSync(ready));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    const early = await Promise.race([ended, new Promise((resolve) => setTimeout(() => resolve('still running'), 400))]);
    expect(early).toBe('still running');
    child.kill('SIGHUP');
    const end = await ended;
    expect(end.code).toBe(129);
    expect(l.log()[0]).toMatchObject({ signal: 'SIGHUP' });
  });
});

describe('finding the real docker', () => {
  it('never finds itself: shim dir twice on PATH, through a symlink, a link to the script, a copy of it', () => {
    const l = lab();
    const linkDir = join(l.home, 'link-to-shim-dir');
    symlinkSync(l.paths.shimDir, linkDir);
    const scriptLinkDir = join(l.home, 'script-link');
    mkdirSync(scriptLinkDir);
    symlinkSync(l.install.docker, join(scriptLinkDir, 'docker'));
    const copyDir = join(l.home, 'copy');
    mkdirSync(copyDir);
    copyFileSync(l.install.docker, join(copyDir, 'docker'));
    chmodSync(join(copyDir, 'docker'), 0o755);
    const PATH = [l.paths.shimDir, l.paths.shimDir, linkDir, scriptLinkDir, copyDir, `${l.paths.shimDir}/`, fakeBin, systemPath].join(delimiter);
    const result = l.run(['ps'], { PATH });
    expect(result).toMatchObject({ status: 0, stdout: '<ps>\n', stderr: '' });
    expect(l.log()).toHaveLength(1);
  });

  it('runs through a symlinked shim directory too', () => {
    const l = lab();
    const linkDir = join(l.home, 'link');
    symlinkSync(l.paths.shimDir, linkDir);
    const result = spawnSync(join(linkDir, 'docker'), ['ps'], { env: l.env({ PATH: [linkDir, fakeBin, systemPath].join(delimiter) }), encoding: 'utf8' });
    expect(result).toMatchObject({ status: 0, stdout: '<ps>\n', stderr: '' });
  });

  it('exits 127 with one clear line when there is no real docker', () => {
    const l = lab(emptyBin);
    expect(l.install.realDocker).toBeUndefined();
    const result = l.run(['ps'], { PATH: [l.paths.shimDir, emptyBin].join(delimiter) });
    expect(result.status).toBe(127);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/no real `docker` found on PATH/);
    expect(l.log()[0]).toMatchObject({ argv: ['ps'], exitCode: 127 });
  });

  it('falls back to the docker found at install time when PATH no longer has one', () => {
    const l = lab();
    expect(l.install.realDocker).toBe(join(fakeBin, 'docker'));
    const result = l.run(['ps'], { PATH: [l.paths.shimDir, emptyBin].join(delimiter) });
    expect(result).toMatchObject({ status: 0, stdout: '<ps>\n', stderr: '' });
  });

  it('skips shims and the shim directory in findRealProgram', () => {
    const l = lab();
    expect(isShimFile(l.install.docker)).toBe(true);
    expect(isShimFile(join(fakeBin, 'docker'))).toBe(false);
    expect(findRealProgram({ name: 'docker', path: [l.paths.shimDir, '', 'relative', fakeBin].join(delimiter) })).toBe(join(fakeBin, 'docker'));
    expect(findRealProgram({ name: 'docker', path: [fakeBin].join(delimiter), skipDirs: [fakeBin] })).toBeUndefined();
  });
});

describe('when recording is not possible', () => {
  it('still runs the command and keeps its exit code when the log cannot be written', () => {
    const l = lab();
    const blocker = join(l.home, 'not-a-directory');
    writeFileSync(blocker, 'a file where the state directory should be');
    const result = l.run(['start', 'worker'], { ASYNC_OUTAGE_LAB_HOME: join(blocker, 'state'), FAKE_EXIT: '42' });
    expect(result).toMatchObject({ status: 42, stdout: '<start>\n<worker>\n', stderr: '' });
  });

  it('records nothing when ASYNC_OUTAGE_LAB_NO_RECORD=1 (the lab running docker for itself)', () => {
    const l = lab();
    const result = l.run(['ps'], { ASYNC_OUTAGE_LAB_NO_RECORD: '1' });
    expect(result).toMatchObject({ status: 0, stdout: '<ps>\n' });
    expect(existsSync(l.paths.sessionLog)).toBe(false);
  });

  it('runs the real docker unrecorded when dist/shim.js has gone', () => {
    const home = join(root, `gone ${counter++}`);
    const paths = statePaths(home);
    const copy = join(home, 'shim-copy.js');
    mkdirSync(home, { recursive: true });
    copyFileSync(shimJs, copy);
    const install = ensureShim(paths, { shimJs: copy, env: { PATH: fakeBin } });
    rmSync(copy);
    const result = spawnSync(install.docker, ['ps'], {
      env: { PATH: [paths.shimDir, emptyBin].join(delimiter), ASYNC_OUTAGE_LAB_HOME: home },
      encoding: 'utf8',
    });
    expect(result).toMatchObject({ status: 0, stdout: '<ps>\n', stderr: '' });
  });
});

describe('ensureShim', () => {
  it('writes an executable sh script that execs node on dist/shim.js with "$@"', () => {
    const l = lab();
    const text = readFileSync(l.install.docker, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(SHIM_MARKER);
    expect(text).toContain(process.execPath);
    expect(text).toContain(`exec "$aol_node" "$aol_shim" "$@"`);
    expect(text).toContain(`ASYNC_OUTAGE_LAB_REAL_DOCKER='${join(fakeBin, 'docker').replace(/'/g, `'\\''`)}'`);
    expect(statSync(l.install.docker).mode & 0o777).toBe(0o755);
    const check = spawnSync('/bin/sh', ['-n', l.install.docker]);
    expect(check.status).toBe(0);
  });

  it('is idempotent: a second call leaves the script alone', () => {
    const l = lab();
    const before = statSync(l.install.docker).mtimeMs;
    const again = ensureShim(l.paths, { shimJs, env: { PATH: fakeBin } });
    expect(again.docker).toBe(l.install.docker);
    expect(statSync(l.install.docker).mtimeMs).toBe(before);
  });

  it('rewrites the script when where things are has changed', () => {
    const l = lab();
    ensureShim(l.paths, { shimJs, env: { PATH: emptyBin } });
    expect(readFileSync(l.install.docker, 'utf8')).toContain(`ASYNC_OUTAGE_LAB_REAL_DOCKER=''`);
  });

  it('puts a docker-compose shim in front of compose v1 only when there is one', () => {
    const composeBin = join(root, 'compose bin');
    mkdirSync(composeBin, { recursive: true });
    writeFileSync(join(composeBin, 'docker-compose'), FAKE_DOCKER, { mode: 0o755 });
    const withCompose = lab([fakeBin, composeBin].join(delimiter));
    expect(withCompose.install.compose).toBe(join(withCompose.paths.shimDir, 'docker-compose'));
    const result = spawnSync(withCompose.install.compose!, ['-p', 'x', 'ps'], {
      env: withCompose.env({ PATH: [withCompose.paths.shimDir, composeBin, systemPath].join(delimiter) }),
      encoding: 'utf8',
    });
    expect(result).toMatchObject({ status: 0, stdout: '<-p>\n<x>\n<ps>\n' });
    expect(withCompose.log()[0]).toMatchObject({ argv: ['-p', 'x', 'ps'], program: 'docker-compose', exitCode: 0 });

    ensureShim(withCompose.paths, { shimJs, env: { PATH: fakeBin } });
    expect(existsSync(join(withCompose.paths.shimDir, 'docker-compose'))).toBe(false);
  });

  it('fails with an environment error naming the fix when dist/shim.js is missing', () => {
    const paths = statePaths(join(root, `missing ${counter++}`));
    let caught: unknown;
    try {
      ensureShim(paths, { shimJs: join(root, 'nope', 'shim.js') });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabError);
    expect((caught as LabError).exitCode).toBe(3);
    expect((caught as LabError).hint).toMatch(/npm run build/);
  });

  it('shimScript survives awkward paths', () => {
    const text = shimScript({ program: 'docker', shimDir: "/tmp/a b/it's $x", nodePath: '/n o/node', shimJs: '/d"q/shim.js', realProgram: undefined });
    const check = spawnSync('/bin/sh', ['-n'], { input: text });
    expect(check.status).toBe(0);
    expect(text).toContain(`ASYNC_OUTAGE_LAB_SHIM_DIR='/tmp/a b/it'\\''s $x'`);
  });

  it('pathWithShim puts the shim first exactly once; envWithoutShim takes it off', () => {
    const l = lab();
    const path = pathWithShim(l.paths.shimDir, ['/usr/bin', l.paths.shimDir, '/bin'].join(delimiter));
    expect(path).toBe([l.paths.shimDir, '/usr/bin', '/bin'].join(delimiter));
    const env = envWithoutShim({ PATH: path, KEEP: 'me' }, l.paths.shimDir);
    expect(env).toEqual({ PATH: ['/usr/bin', '/bin'].join(delimiter), KEEP: 'me', ASYNC_OUTAGE_LAB_NO_RECORD: '1' });
  });

  it('envWithoutShim takes off every spelling of the shim directory and turns recording off for any other shim', () => {
    const l = lab();
    const link = join(root, `shim link ${counter++}`);
    symlinkSync(l.paths.shimDir, link);
    const otherShims = lab().paths.shimDir;
    const path = [link, `${l.paths.shimDir}/`, `${l.paths.shimDir}/../shim`, otherShims, '/usr/bin', l.paths.shimDir].join(delimiter);
    const env = envWithoutShim({ PATH: path }, l.paths.shimDir);
    // Another state directory's shim stays on PATH; ASYNC_OUTAGE_LAB_NO_RECORD keeps it from recording.
    expect(env).toEqual({ PATH: [otherShims, '/usr/bin'].join(delimiter), ASYNC_OUTAGE_LAB_NO_RECORD: '1' });
  });
});

describe('in front of the real docker client', () => {
  const realDocker = findRealProgram({ name: 'docker', path: process.env.PATH });

  it.skipIf(!realDocker && !process.env.CI)('runs `docker --version` unchanged and records it (no daemon needed)', () => {
    const home = join(root, `real ${counter++}`);
    const paths = statePaths(home);
    const install = ensureShim(paths, { shimJs, env: process.env });
    expect(install.realDocker).toBe(realDocker);
    const direct = spawnSync(realDocker!, ['--version'], { encoding: 'utf8' });
    const env = { ...process.env, PATH: pathWithShim(paths.shimDir, process.env.PATH), ASYNC_OUTAGE_LAB_HOME: home };
    const viaShim = spawnSync('docker', ['--version'], { env, encoding: 'utf8' });
    expect(viaShim.status).toBe(0);
    expect(viaShim.stdout).toMatch(/^Docker version /);
    expect(viaShim.stdout).toBe(direct.stdout);
    expect(viaShim.stderr).toBe(direct.stderr);
    expect(readSessionLog(paths.sessionLog)).toMatchObject([{ argv: ['--version'], exitCode: 0 }]);
    const help = spawnSync('docker', ['version', '--format', '{{.Client.Version}}'], { env, encoding: 'utf8' });
    // The client part prints even when no daemon answers; whatever docker exits with, the shim does too.
    const helpDirect = spawnSync(realDocker!, ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' });
    expect(help.status).toBe(helpDirect.status);
    expect(help.stdout).toBe(helpDirect.stdout);
  });
});
