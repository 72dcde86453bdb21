/**
 * The CLI as a process: bin/async-outage-lab.js before the project is built, and the bundled
 * src/cli/main.ts writing into a pipe whose reader goes away (`history | head -1`). No Docker
 * daemon is needed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statePaths } from '../../src/project/paths.js';

const repo = join(import.meta.dirname, '..', '..');
let root: string;

/** A package directory with bin/ and package.json, and dist/cli.js only when `withCli`. */
async function makePackage(name: string, withCli: boolean): Promise<string> {
  const pkg = join(root, name);
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'async-outage-lab', type: 'module' }));
  copyFileSync(join(repo, 'bin', 'async-outage-lab.js'), join(pkg, 'bin', 'async-outage-lab.js'));
  if (withCli) {
    // Dependencies stay external, as in npm run build; they resolve through this link.
    symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'), 'junction');
    await build({
      entryPoints: [join(repo, 'src', 'cli', 'main.ts')],
      outfile: join(pkg, 'dist', 'cli.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
  }
  return join(pkg, 'bin', 'async-outage-lab.js');
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'aol-cli-entry-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bin/async-outage-lab.js', () => {
  it('says how to build the project, and exits 3, when dist/cli.js is missing', async () => {
    const bin = await makePackage('unbuilt', false);
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/not built yet: run `npm install` \(or `npm run build`\)/);
    expect(result.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|\n\s+at /);
    expect(result.stdout).toBe('');
  });
});

describe('writing into a closed pipe', () => {
  let bin: string;
  let home: string;

  beforeAll(async () => {
    bin = await makePackage('built', true);
    home = join(root, 'state');
    const paths = statePaths(home);
    mkdirSync(paths.dir, { recursive: true });
    // Far more than a pipe holds, so the CLI is still writing when the reader leaves.
    const started = Date.parse('2026-11-03T14:00:00Z');
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({
        at: new Date(started + i * 1000).toISOString(),
        argv: ['ps', '-a', '--format', '{{.Names}} {{.Status}}'],
        exitCode: 0,
        durationMs: 40,
        cwd: '/tmp',
      }),
    );
    writeFileSync(paths.sessionLog, `${lines.join('\n')}\n`);
  }, 60_000);

  /** Runs the CLI with stdout into a pipe that is closed after the first chunk, like `| head -1`. */
  function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; firstChunk: string }> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [bin, ...args], {
        env: { PATH: process.env.PATH, HOME: root, ASYNC_OUTAGE_LAB_HOME: home, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let firstChunk = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.stdout.once('data', (chunk: Buffer) => {
        firstChunk = chunk.toString('utf8');
        child.stdout.destroy();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolvePromise({ code, signal, stderr, firstChunk });
      });
    });
  }

  it.each([[['history']], [['history', '--json']]])('%j stops quietly with its exit code when the reader has gone', async (args) => {
    const result = await runIntoClosedPipe(args);
    expect(result.firstChunk).not.toBe('');
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });
});
