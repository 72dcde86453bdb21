import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

describe('a fresh machine reaches its first outage quickly', () => {
  it('the lab image takes one build container (a RUN each costs a container start and a commit)', () => {
    const runs = read('compose/celery-redis/Dockerfile')
      .split('\n')
      .filter((line) => /^RUN\b/.test(line));
    expect(runs).toHaveLength(1);
  });

  it('the base is built with mmdebstrap where it can be, and the engine set-up installs it', () => {
    const buildBase = read('scripts/build-base.sh');
    expect(buildBase.indexOf('mmdebstrap --variant=minbase')).toBeGreaterThan(-1);
    expect(buildBase.indexOf('mmdebstrap --variant=minbase')).toBeLessThan(buildBase.indexOf('debootstrap --variant=minbase'));
    expect(read('scripts/docker-engine.sh')).toMatch(/command -v mmdebstrap .*\|\| missing\+=\(mmdebstrap\)/);
  });
});
