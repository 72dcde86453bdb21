import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'async-outage-lab.js');

/** `check --help` with the state of a lab `up` staged (a recorded baseline of that outage), or none. */
async function checkHelp(scenario?: string) {
  const home = mkdtempSync(join(tmpdir(), 'aol-check-help-'));
  if (scenario) {
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', scenario, 'broken', 'baseline.json'), 'utf8'));
    writeFileSync(join(home, 'baseline.json'), JSON.stringify({ ...recorded, scenario }));
  }
  const help = await execa('node', [bin, 'check', '--help'], { reject: false, env: { NO_COLOR: '1', ASYNC_OUTAGE_LAB_HOME: home } });
  expect(help.exitCode, help.all).toBe(0);
  return help.stdout.replace(/\s+/g, ' ');
}

describe('check --help says what check changes', () => {
  it('worker-oom (no lab up): read-only, it only looks', async () => {
    const help = await checkHelp();
    expect(help).toMatch(/\(read-only\)/);
    expect(help).toMatch(/check never changes the lab; it only looks\./);
  });

  it('redis-eviction up: --wait sends a burst of exports first, and the help says so instead of "read-only"', async () => {
    const help = await checkHelp('redis-eviction');
    expect(help).not.toMatch(/read-only|only looks/);
    expect(help).toMatch(/--wait send a burst of new exports through the web/);
    expect(help).toMatch(/only --wait sends a burst of new exports through the web/);
  });
});
