import { join } from 'node:path';
import { execa } from 'execa';
import { runDocker } from '../../src/docker/cli.js';
import { packageRoot } from '../../src/project/paths.js';

/**
 * What a learner does and sees: the lab's own commands, and the docker CLI. The playthrough
 * observes the lab only this way, never through the lab's internals.
 */
export async function labCli(args: string[], env: NodeJS.ProcessEnv) {
  const result = await execa(process.execPath, [join(packageRoot(), 'bin', 'async-outage-lab.js'), ...args], {
    env,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 1_200_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, all: String(result.all ?? '') };
}

export async function dockerCli(...args: string[]) {
  const result = await runDocker(args, { timeout: 60_000 });
  return { exitCode: result.exitCode ?? -1, out: String(result.stdout ?? '').trim(), all: String(result.all ?? '') };
}

export async function psStatuses(): Promise<Record<string, string>> {
  const { out } = await dockerCli('ps', '-a', '--format', '{{.Names}}\t{{.Status}}');
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t') as [string, string]),
  );
}

export async function queueLength(): Promise<number> {
  const { out, exitCode } = await dockerCli('exec', 'redis', 'redis-cli', 'LLEN', 'celery');
  if (exitCode !== 0) throw new Error(`docker exec redis redis-cli LLEN celery failed: ${out}`);
  return Number(out.replace(/[^0-9]/g, ''));
}

export async function httpCode(port: number, path: string, init: RequestInit = {}): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: controller.signal });
    await response.arrayBuffer();
    return response.status;
  } finally {
    clearTimeout(timer);
  }
}

export interface BrokenState {
  statuses: Record<string, string>;
  oomAndExit: string;
  lastLogLine: string;
  depth: number;
  depthLater: number;
  root: number;
  accepted: number;
}

/** Everything the scenario says a learner observes at the start, gathered through the CLI. */
export async function observeBrokenState(port: number): Promise<BrokenState> {
  const statuses = await psStatuses();
  const oomAndExit = (await dockerCli('inspect', 'worker', '--format', '{{.State.OOMKilled}} / {{.State.ExitCode}}')).out;
  const logs = (await dockerCli('logs', 'worker')).all.trim().split('\n');
  const depth = await queueLength();
  const root = await httpCode(port, '/');
  const accepted = await httpCode(port, '/exports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows":120}' });
  // Customers submit about every 3 s; our own 202 above adds one more. Wait for a visible climb.
  let depthLater = await queueLength();
  for (let i = 0; i < 20 && depthLater <= depth; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    depthLater = await queueLength();
  }
  return { statuses, oomAndExit, lastLogLine: logs[logs.length - 1] ?? '', depth, depthLater, root, accepted };
}

/** The mismatches between what was seen and the scenario's broken state (empty when it matches). */
export function brokenStateMismatches(seen: BrokenState): string[] {
  const problems: string[] = [];
  if (!/^Up /.test(seen.statuses.web ?? '')) problems.push(`web is "${seen.statuses.web}", not Up`);
  if (!/^Up /.test(seen.statuses.redis ?? '')) problems.push(`redis is "${seen.statuses.redis}", not Up`);
  if (!/^Exited \(137\) /.test(seen.statuses.worker ?? '')) problems.push(`worker is "${seen.statuses.worker}", not Exited (137)`);
  if (seen.oomAndExit !== 'true / 137') problems.push(`worker OOMKilled / ExitCode is "${seen.oomAndExit}", not "true / 137"`);
  if (!/Task exports\.generate_csv\[7c9d[0-9a-f-]+\] received$/.test(seen.lastLogLine)) problems.push(`worker log ends with "${seen.lastLogLine}"`);
  if (seen.depth < 1480) problems.push(`LLEN celery is ${seen.depth}, expected about 1,487`);
  if (seen.depthLater <= seen.depth) problems.push(`LLEN celery did not climb (${seen.depth} -> ${seen.depthLater})`);
  if (seen.root !== 200) problems.push(`GET / answered ${seen.root}`);
  if (seen.accepted !== 202) problems.push(`POST /exports answered ${seen.accepted}`);
  return problems;
}
