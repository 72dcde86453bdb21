/** Helpers of the contract suite (40-contract.test.ts): the CLI as a spawned process, and the JSON shapes its commands print. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';

// AOL_CONTRACT_BIN runs the suite against another build (an older checkout, to see a case fail there).
export const bin = process.env.AOL_CONTRACT_BIN ?? join(import.meta.dirname, '..', '..', 'bin', 'async-outage-lab.js');
export const home = mkdtempSync(join(tmpdir(), 'aol-contract-'));
/** As a script or CI sees it: no terminal. NO_COLOR is left to each case. */
export const baseEnv: NodeJS.ProcessEnv = { ...process.env, ASYNC_OUTAGE_LAB_HOME: home, CI: 'true' };
delete baseEnv.NO_COLOR;
delete baseEnv.FORCE_COLOR;
export const BACKLOG = ['--backlog', '300'];
export const ESC = /\x1b/;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function run(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Run> {
  const result = await execa('node', [bin, ...args], { env: { ...baseEnv, ...env }, reject: false, stdin: 'ignore', timeout: timeoutMs });
  return { code: result.exitCode ?? null, stdout: result.stdout, stderr: result.stderr };
}

/** A spawned run whose output can be watched while it runs, and signalled or cut off. */
export function live(args: string[]) {
  // Its own process group, so that `interrupt` is a terminal's Ctrl-C: SIGINT to the CLI and to
  // every docker or compose process it runs.
  const child = spawn(process.execPath, [bin, ...args], { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    ended,
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
    stdout: () => stdout,
    stderr: () => stderr,
    /** Resolves once stdout shows `text` (or rejects when the process ended first, or after the timeout). */
    async waitFor(text: string | RegExp, timeoutMs = 60_000): Promise<void> {
      const started = Date.now();
      let done = false;
      void ended.then(() => (done = true));
      const seen = () => (typeof text === 'string' ? stdout.includes(text) : text.test(stdout));
      while (!seen()) {
        if (done) throw new Error(`${args.join(' ')} ended before printing ${String(text)}:\n${stdout}\n${stderr}`);
        if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(text)}; stdout so far:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** Like `cmd | head -1`: the reader closes stdout after the first chunk. */
export async function withStdoutClosedEarly(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let first = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.once('data', (chunk: Buffer) => {
    first = chunk.toString('utf8');
    child.stdout.destroy();
  });
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (c, s) => resolve({ code: c, signal: s })),
  );
  return { code, signal, stderr, first };
}

export const upSchema = z.object({
  ok: z.literal(true),
  command: z.enum(['up', 'reset']),
  totalMs: z.number().positive(),
  steps: z.array(z.object({ step: z.string(), ms: z.number(), failed: z.boolean().optional() })).min(5),
  siteUrl: z.string().url(),
  queueDepth: z.number().int().positive(),
  inFlightId: z.string(),
  stateFile: z.string(),
});
export const alreadyUpSchema = z.object({
  ok: z.literal(true),
  command: z.literal('up'),
  alreadyUp: z.literal(true),
  untouched: z.boolean(),
  siteUrl: z.string(),
});
export const statusSchema = z.object({
  containers: z.array(z.object({ name: z.enum(['web', 'redis', 'worker']), status: z.string() })).length(3),
  queueDepth: z.number().int().nullable(),
  up: z.boolean(),
  note: z.string(),
});
export const errorSchema = z.object({
  ok: z.literal(false),
  error: z.object({ message: z.string(), hint: z.string().optional(), exitCode: z.number().int() }),
});
export const historySchema = z.object({
  entries: z.array(z.object({ at: z.string(), argv: z.array(z.string()), command: z.string(), exitCode: z.number().nullable() })),
});
export const envSchema = z.object({ shimDir: z.string(), sessionLog: z.string(), path: z.string() });
export const downSchema = z.object({
  ok: z.literal(true),
  command: z.literal('down'),
  removed: z.object({ containers: z.number(), volumes: z.number(), networks: z.number() }),
  images: z.array(z.string()),
  state: z.object({ removed: z.array(z.string()), kept: z.array(z.string()) }),
});
