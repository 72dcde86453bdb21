import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');

describe('npm install is quiet about install scripts', () => {
  it('every dependency with an install script is approved or denied in package.json', () => {
    // npm 11 blocks dependencies' install scripts and warns about each one not reviewed.
    const listed = execFileSync('npm', ['install-scripts', 'ls'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(listed.trim()).toBe('No packages with unreviewed install scripts.');
  }, 60_000);

  it("runs only esbuild's (it checks its binary); the optional native parts of ssh2 stay unbuilt (docker is reached over its socket)", () => {
    const allowed = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).allowScripts as Record<string, boolean>;
    expect(
      Object.entries(allowed)
        .filter(([, ok]) => ok)
        .map(([name]) => name),
    ).toEqual(['esbuild']);
  });
});
