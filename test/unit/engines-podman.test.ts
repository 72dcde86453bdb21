import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../fixtures/engine-diff/engines.js';
import { engineRefusal, podmanVersion, type VersionReply } from '../../src/docker/engine-support.js';
import { containerViewFromInspect } from '../../src/observe/from-inspect.js';

// Debian bookworm's Podman 4.3.1 behind the Docker API (`podman system service`), recorded with the
// lab's outage on it (fixtures/podman-4.3/README.md), beside the Docker engines' own `GET /version`.

const recorded = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
const podman = JSON.parse(recorded('podman-4.3/version.json')) as VersionReply;

describe('Podman behind the Docker API: `up` refuses it', () => {
  it('knows Podman by the "Podman Engine" component of `GET /version`', () => {
    expect(podmanVersion(podman)).toBe('4.3.1');
    for (const engine of ENGINES) expect(podmanVersion(JSON.parse(recorded(`engine-${engine}/version.json`)) as VersionReply), engine).toBeUndefined();
  });

  it('refuses Podman with what differs and where to run instead, and every Docker engine the lab is proven on not at all', () => {
    const refusal = engineRefusal(podman);
    expect(refusal?.message).toMatch(
      /^This Docker API is served by Podman 4\.3\.1 .*`docker update` \(its API answers 404 Not Found\)\. Nothing was created\.$/,
    );
    expect(refusal?.hint).toMatch(/Docker Engine .* DOCKER_HOST/);
    for (const engine of ENGINES) expect(engineRefusal(JSON.parse(recorded(`engine-${engine}/version.json`)) as VersionReply), engine).toBeUndefined();
  });

  it("says so without naming the outage's cause or its fix before the learner has looked", () => {
    const { message, hint } = engineRefusal(podman)!;
    expect(`${message}\n${hint}`).not.toMatch(/\boom|out of memory|memory|\bMiB\b|kernel|killed|limit|cgroup|--memory/i);
  });
});

describe('what Podman 4.3.1 showed of the outage (why it is refused)', () => {
  it('the worker exited 137 while its state says OOMKilled false, though the kernel log records the kill in its cgroup', () => {
    const worker = containerViewFromInspect('worker', JSON.parse(recorded('podman-4.3/worker-killed.json')));
    expect(worker).toMatchObject({ status: 'exited', exitCode: 137, oomKilled: false });
    const id = (JSON.parse(recorded('podman-4.3/worker-killed.json')) as { Id: string }).Id;
    expect(recorded('podman-4.3/dmesg-oom-kill.txt')).toContain(`oom_memcg=/libpod_parent/libpod-${id}`);
  });

  it('its events carry no `oom`, only create, init, start, die and cleanup', () => {
    const actions = recorded('podman-4.3/events-worker-cli.jsonl')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { Action: string }).Action);
    expect(actions).toEqual(['create', 'init', 'start', 'die', 'cleanup']);
  });

  it('`docker update` is not in its API', () => {
    expect(recorded('podman-4.3/update-memory.stderr.txt').trim()).toBe('Error response from daemon: Not Found');
  });
});
