import { expect } from 'vitest';
import { docker, lab } from './harness.js';

/** What every demo promises, whichever outage it belongs to: one JSON object, in under 2 minutes, nothing left behind. */
export const TWO_MINUTES = 120_000;

export interface DemoJson {
  kind: string;
  demo: string;
  seconds: number;
  observed: string[];
  figures: Record<string, any>;
}

/** Containers and networks carrying the demo label: none may outlive a demo. */
export async function demoLeftovers(): Promise<string[]> {
  const containers = await docker('ps', '-a', '--filter', 'label=io.async-outage-lab.demo', '--format', '{{.Names}}');
  const networks = await docker('network', 'ls', '--filter', 'label=io.async-outage-lab.demo', '--format', '{{.Name}}');
  return [containers.out, networks.out].filter(Boolean);
}

/** Runs `demo NAME --json`: exit 0, under 2 minutes, no demo container or network left. */
export async function runDemoJson(name: string): Promise<DemoJson & { ms: number }> {
  const started = Date.now();
  const result = await lab(['demo', name, '--json'], { timeoutMs: 180_000 });
  const ms = Date.now() - started;
  process.stdout.write(`demo ${name} --json: exit ${result.exitCode} in ${(ms / 1000).toFixed(1)} s\n`);
  expect(result.exitCode, result.all).toBe(0);
  expect(ms, `demo ${name} took ${ms} ms`).toBeLessThan(TWO_MINUTES);
  expect(await demoLeftovers()).toEqual([]);
  const outcome = JSON.parse(result.stdout) as DemoJson;
  expect(outcome).toMatchObject({ kind: 'async-outage-lab/demo', demo: name });
  return { ...outcome, ms };
}

/** Runs `demo NAME` as a learner does, and returns the lines the terminal showed, trimmed: exit 0, nothing left behind. */
export async function runDemoText(name: string): Promise<string[]> {
  const started = Date.now();
  const result = await lab(['demo', name], { timeoutMs: 180_000 });
  process.stdout.write(`demo ${name}: exit ${result.exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  expect(result.exitCode, result.all).toBe(0);
  expect(await demoLeftovers()).toEqual([]);
  expect(result.stdout).toContain('What was observed:');
  return result.stdout.split('\n').map((line) => line.trim());
}

/** The groups of the first line that matches `pattern` (undefined when none does). */
export const firstMatch = (lines: string[], pattern: RegExp) =>
  lines
    .map((line) => pattern.exec(line))
    .find(Boolean)
    ?.slice(1);

/** Before a root cause is stated, `demo NAME` refuses (exit 1) and starts nothing. */
export async function expectRefusedBeforeDiagnosis(name: string): Promise<void> {
  const refused = await lab(['demo', name]);
  expect(refused.exitCode, refused.all).toBe(1);
  expect(refused.stderr).toMatch(/state what broke first/);
  expect(await demoLeftovers()).toEqual([]);
}

/** States the root cause with `check` (stated, not fixed: exit 1, the root cause passed). */
export async function stateRootCause(component: string, cause: string): Promise<void> {
  const stated = await lab(['check', '--component', component, '--cause', cause, '--json']);
  expect(stated.exitCode, stated.all).toBe(1);
  const report = JSON.parse(stated.stdout) as { criteria: Array<{ id: string; passed: boolean }> };
  expect(report.criteria.find((c) => c.id === 'root-cause')?.passed, stated.stdout).toBe(true);
}

/**
 * The learner's three containers as `docker inspect` tells them apart: identity, state, start,
 * restarts, memory cap and networks; and every container's name outside the demos.
 */
export async function learnersContainers(): Promise<{ inspect: string[]; names: string[] }> {
  const inspect = await docker(
    'inspect',
    'web',
    'redis',
    'worker',
    '--format',
    '{{.Name}} {{.Id}} {{.State.Status}} {{.State.StartedAt}} {{.RestartCount}} {{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}} [{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}]',
  );
  expect(inspect.code, inspect.all).toBe(0);
  const ps = await docker('ps', '-a', '--format', '{{.Names}}');
  return { inspect: inspect.out.split('\n'), names: ps.out.split('\n').sort() };
}
