import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { asInvoked, launcher } from '../../src/cli/invocation.js';

const npx = { npm_command: 'exec' };
const installed = {};

describe('commands written the way the user runs the lab', () => {
  it('says npx under npx and after `npm run lab` (npm 11: run, before it run-script), the plain name when installed', () => {
    expect(launcher(npx)).toBe('npx async-outage-lab');
    expect(launcher({ npm_command: 'run' })).toBe('npx async-outage-lab');
    expect(launcher({ npm_command: 'run-script' })).toBe('npx async-outage-lab');
    expect(launcher(installed)).toBe('async-outage-lab');
  });

  it('rewrites commands, never image names, paths, labels or prose', () => {
    const text = [
      'hint: Run `async-outage-lab reset` to start over.',
      '  $ async-outage-lab check --wait',
      '  async-outage-lab shell     open a shell',
      'eval "$(async-outage-lab env)"',
      'image async-outage-lab:latest from async-outage-lab/base:trixie, label io.async-outage-lab.lab',
      'state in ~/.local/state/async-outage-lab and the async-outage-lab package',
      'already `npx async-outage-lab up`',
      'Open a recording shell with async-outage-lab shell (or \x1b[1masync-outage-lab hint\x1b[22m)',
      'this is a bug in async-outage-lab.',
    ].join('\n');
    expect(asInvoked(text, npx).split('\n')).toEqual([
      'hint: Run `npx async-outage-lab reset` to start over.',
      '  $ npx async-outage-lab check --wait',
      '  npx async-outage-lab shell     open a shell',
      'eval "$(npx async-outage-lab env)"',
      'image async-outage-lab:latest from async-outage-lab/base:trixie, label io.async-outage-lab.lab',
      'state in ~/.local/state/async-outage-lab and the async-outage-lab package',
      'already `npx async-outage-lab up`',
      'Open a recording shell with npx async-outage-lab shell (or \x1b[1mnpx async-outage-lab hint\x1b[22m)',
      'this is a bug in async-outage-lab.',
    ]);
    expect(asInvoked(text, installed)).toBe(text);
  });

  it('shows it in --help as a user sees it (a spawned process)', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'async-outage-lab.js');
    const viaNpx = await execa('node', [bin, '--help'], { env: { ...process.env, npm_command: 'exec', NO_COLOR: '1' }, reject: false });
    expect(viaNpx.stdout).toContain('$ npx async-outage-lab up');
    const plain = await execa('node', [bin, '--help'], { env: { ...process.env, npm_command: '', NO_COLOR: '1' }, reject: false });
    expect(plain.stdout).toContain('$ async-outage-lab up');
    expect(plain.stdout).not.toContain('npx async-outage-lab');
  }, 30_000);
});
