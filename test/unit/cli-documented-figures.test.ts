/**
 * The figures the README and --help quote come from one place: the scenario's constants (or the
 * exit-code table). These tests fail when either side changes alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeTable } from '../../src/cli/exit-codes.js';
import { DEFAULT_WEB_PORT } from '../../src/kits/celery-redis/figures.js';
import { UP_SECONDS_ONCE_BUILT, upSecondsText } from '../../src/project/names.js';
import { DEFAULT_BACKLOG } from '../../src/scenarios/worker-oom/figures.js';

const repo = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8').replace(/\s+/g, ' ');
const cliSources = readdirSync(join(repo, 'src', 'cli')).map((name) => [name, readFileSync(join(repo, 'src', 'cli', name), 'utf8')] as const);

describe('README figures', () => {
  it('quote the default backlog and no other count of queued jobs', () => {
    expect(readme).toContain(`${DEFAULT_BACKLOG.toLocaleString('en-US')} export jobs are queued`);
    const counts = [...readme.matchAll(/\b1,4\d\d\b/g)].map((match) => match[0]);
    expect(new Set(counts)).toEqual(new Set([DEFAULT_BACKLOG.toLocaleString('en-US')]));
  });

  it('quote the measured time of `up`, how it varies, and how to measure it', () => {
    expect(readme).toContain(`brings the outage up — ${upSecondsText} (\`npm run bench\` measures it on yours)`);
    expect(UP_SECONDS_ONCE_BUILT.typical).toBeLessThan(UP_SECONDS_ONCE_BUILT.busyMax);
  });

  it('give the default web port', () => {
    expect(readme).toContain(`http://127.0.0.1:${DEFAULT_WEB_PORT}/`);
  });

  it('hold the exit-code table exactly as the CLI defines it', () => {
    expect(readme).toContain(exitCodeTable().replace(/\s+/g, ' '));
  });
});

describe('--help texts', () => {
  it('write no duration or queue size of their own: they interpolate the scenario', () => {
    for (const [name, text] of cliSources) {
      expect(text, name).not.toMatch(/about \d+ s\b/);
      expect(text, name).not.toMatch(/\b1,4\d\d\b/);
    }
  });
});
