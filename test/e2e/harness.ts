import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';

/** Runs the lab's CLI the way a user does, with its own state directory. */
export const labHome = mkdtempSync(join(tmpdir(), 'aol-e2e-'));
export const env = { ...process.env, ASYNC_OUTAGE_LAB_HOME: labHome, CI: 'true', NO_COLOR: '1' };
const bin = join(import.meta.dirname, '..', '..', 'bin', 'async-outage-lab.js');

export function lab(args: string[], options: { timeoutMs?: number } = {}) {
  return execa('node', [bin, ...args], { env, reject: false, all: true, stdin: 'ignore', timeout: options.timeoutMs ?? 300_000 });
}

export function labProcess(args: string[]): ResultPromise {
  return execa('node', [bin, ...args], { env, reject: false, all: true, stdin: 'ignore', buffer: true });
}

/** The real docker CLI, as the learner types it. */
export async function docker(...args: string[]) {
  const result = await execa('docker', args, { reject: false, all: true, stdin: 'ignore' });
  return { code: result.exitCode ?? -1, out: result.stdout.trim(), all: String(result.all ?? '') };
}

export async function statuses(): Promise<Record<string, string>> {
  const { out } = await docker('ps', '-a', '--format', '{{.Names}}\t{{.Status}}');
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t') as [string, string]),
  );
}

export async function llen(): Promise<number> {
  const { out, code } = await docker('exec', 'redis', 'redis-cli', 'LLEN', 'celery');
  if (code !== 0) throw new Error(`LLEN failed: ${out}`);
  return Number(out.replace(/[^0-9]/g, ''));
}

export async function http(port: number, path: string, init?: RequestInit) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { status: response.status, text };
}

/** Polls until `done` or the timeout; the error says what was awaited and what was last seen. */
export async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < timeoutMs) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

/** Asserts the broken state exactly as the scenario describes it, through the docker CLI. */
export async function expectBrokenState(expect: typeof import('vitest').expect, port = 8080) {
  const ps = await statuses();
  expect(ps.web).toMatch(/^Up /);
  expect(ps.redis).toMatch(/^Up /);
  expect(ps.worker).toMatch(/^Exited \(137\) /);
  const inspect = await docker('inspect', 'worker', '--format', '{{.State.OOMKilled}} / {{.State.ExitCode}}');
  expect(inspect.out).toBe('true / 137');
  const logs = await docker('logs', 'worker');
  const lines = logs.all.trim().split('\n');
  expect(lines[lines.length - 1]).toMatch(/Task exports\.generate_csv\[7c9d[0-9a-f-]+\] received$/);
  expect(logs.all).not.toContain('Warm shutdown');
  const depth = await llen();
  expect(depth).toBeGreaterThanOrEqual(1480);
  expect((await http(port, '/')).status).toBe(200);
  expect((await http(port, '/dashboard')).status).toBe(200);
  const accepted = await http(port, '/exports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows":100}' });
  expect(accepted.status).toBe(202);
  return depth;
}
