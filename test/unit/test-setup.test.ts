import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupRequired, testSetupStamp } from './test-setup-stamp.js';

const repo = join(import.meta.dirname, '..', '..');
const script = join(repo, 'scripts', 'test-setup.sh');

describe("the README's test command sets up what its tests need", () => {
  it('npm test runs scripts/test-setup.sh before the tests, and .ci/run runs npm test', () => {
    const scripts = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.test).toBe('bash scripts/test.sh');
    const test = readFileSync(join(repo, 'scripts', 'test.sh'), 'utf8');
    const setup = test.indexOf('\nbash scripts/test-setup.sh\n');
    expect(setup).toBeGreaterThan(0);
    expect(test.indexOf('exec bash scripts/test-legs.sh')).toBeGreaterThan(setup);
    expect(test.indexOf('exec npx vitest run\n')).toBeGreaterThan(setup);
    expect(readFileSync(join(repo, '.ci', 'run'), 'utf8')).toMatch(/^AOL_TEST_LEGS=.* npm test$/m);
  });

  it('once the set-up has run, a missing shell fails its test instead of skipping it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aol-setup-'));
    const stamp = join(dir, 'test-setup');
    expect(setupRequired({}, stamp)).toBe(false);
    expect(setupRequired({ CI: 'true' }, stamp)).toBe(true);
    writeFileSync(stamp, 'zsh=/usr/bin/zsh\n');
    expect(setupRequired({}, stamp)).toBe(true);
    expect(testSetupStamp).toMatch(/node_modules\/\.cache\/async-outage-lab\/test-setup$/);
  });

  it.skipIf(process.platform !== 'linux')('where it may not install them, it names what is missing and exits 3 (no silent pass)', () => {
    // A PATH with the tools the script itself uses and no zsh, fish or Chromium, run as nobody.
    const bin = mkdtempSync(join(tmpdir(), 'aol-setup-bin-'));
    chmodSync(bin, 0o755);
    for (const tool of ['bash', 'dirname', 'uname', 'id']) {
      const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      symlinkSync(found, join(bin, tool));
    }
    const setpriv = spawnSync('bash', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).stdout.trim();
    const run = spawnSync(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', join(bin, 'bash'), script], {
      encoding: 'utf8',
      env: { PATH: bin },
    });
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toContain('the tests need zsh fish chromium');
  });
});
