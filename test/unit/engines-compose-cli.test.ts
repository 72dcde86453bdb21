import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine, engineInspect, engineText } from '../../fixtures/engine-diff/engines.js';
import { composeCandidates, composeVersionFrom } from '../../src/docker/compose.js';
import { COMPOSE_PROJECT_LABEL, PROJECT } from '../../src/project/names.js';

// Real recordings of the lab on Engine 20.10 + Compose v1, Engine 26.1 + Compose v2 2.26 and
// Engine 28.5 + Compose v2 2.40 (fixtures/engine-diff/README.md).

const labels = (engine: Engine) => (engineInspect(engine, 'worker-oom-killed') as { Config: { Labels: Record<string, string> } }).Config.Labels;

describe('Compose v1 and v2 label the lab differently; the lab selects by what they share', () => {
  it("v2 adds depends_on and image labels; both carry the project label and the lab's own", () => {
    const v1 = labels('20.10');
    const v2 = labels('26.1');
    expect(v1['com.docker.compose.version']).toBe('1.29.2');
    expect(v2['com.docker.compose.version']).toBe('2.26.1');
    expect(
      Object.keys(v2)
        .filter((key) => !(key in v1))
        .sort(),
    ).toEqual(['com.docker.compose.depends_on', 'com.docker.compose.image']);
    const v240 = labels('28.5');
    expect(v240['com.docker.compose.version']).toBe('2.40.3');
    expect(Object.keys(v240).sort()).toEqual(Object.keys(v2).sort());
    for (const found of [v1, v2, v240]) {
      expect(found[COMPOSE_PROJECT_LABEL]).toBe(PROJECT);
      expect(found['com.docker.compose.service']).toBe('worker');
      expect(found['io.async-outage-lab.role']).toBe('worker');
    }
  });

  it('names the containers, volumes and network the same (container_name keeps v2 from `async-outage-lab-worker-1`)', () => {
    for (const engine of ENGINES) {
      expect((engineInspect(engine, 'worker-oom-killed') as { Name: string }).Name).toBe('/worker');
      expect(engineText(engine, 'compose-volumes').split('\n')).toEqual(['async-outage-lab_exports', 'async-outage-lab_ledger', 'async-outage-lab_redis-data']);
      expect(engineText(engine, 'compose-networks')).toBe('async-outage-lab_default');
    }
  });

  it("reads each compose's version as it prints it (Debian's v2 plugin adds a -4)", () => {
    expect(composeVersionFrom(engineText('20.10', 'compose-version'))).toBe('1.29.2');
    expect(composeVersionFrom(engineText('26.1', 'compose-version'))).toBe('2.26.1-4');
    expect(composeVersionFrom(engineText('28.5', 'compose-version'))).toBe('2.40.3-3');
    expect(composeVersionFrom('v2.29.7\n')).toBe('2.29.7');
    expect(composeVersionFrom("docker: 'compose' is not a docker command.")).toBeUndefined();
  });

  it('ASYNC_OUTAGE_LAB_COMPOSE pins the compose a leg proves; unset, v2 is tried first', () => {
    expect(composeCandidates(undefined).map((tool) => [tool.command, ...tool.prefix].join(' '))).toEqual(['docker compose', 'docker-compose']);
    expect(composeCandidates('v2').map((tool) => tool.command)).toEqual(['docker']);
    expect(composeCandidates('v1').map((tool) => tool.command)).toEqual(['docker-compose']);
    expect(() => composeCandidates('2')).toThrow(/takes v2 .* or v1/);
  });
});

describe('what reads the same on both engines', () => {
  it('`docker ps -a` wording: Up / Exited (137) ..., then all Up after the fix', () => {
    for (const engine of ENGINES) {
      const broken = Object.fromEntries(
        engineText(engine, 'ps-broken')
          .split('\n')
          .map((line) => line.split('\t')),
      );
      expect(broken.web).toMatch(/^Up /);
      expect(broken.redis).toMatch(/^Up /);
      expect(broken.worker).toMatch(/^Exited \(137\) /);
      expect(
        engineText(engine, 'ps-fixed')
          .split('\n')
          .every((line) => /\tUp /.test(line)),
      ).toBe(true);
    }
  });

  it('the error texts a learner meets (the client writes them, whichever engine answers)', () => {
    for (const engine of ENGINES) {
      expect(engineText(engine, 'inspect-missing.stderr')).toBe('Error: No such object: no-such-container');
      expect(engineText(engine, 'run-name-taken.stderr')).toMatch(
        /^docker: Error response from daemon: Conflict\. The container name "\/worker" is already in use by container "[0-9a-f]{64}"\./,
      );
    }
  });
});

describe("Compose 2.40 on the lab's own compose file", () => {
  it("warned on every command that the file's top-level `version` is obsolete; the file has none now", () => {
    for (const name of ['compose-ps-broken.stderr', 'compose-ps-fixed.stderr']) {
      expect(engineText('28.5', name)).toMatch(/docker-compose\.yml: the attribute `version` is obsolete, it will be ignored/);
    }
    for (const path of ['../../compose/celery-redis/docker-compose.yml', '../../compose/worker-oom/docker-compose.yml']) {
      expect(readFileSync(new URL(path, import.meta.url), 'utf8'), path).not.toMatch(/^version:/m);
    }
  });

  it('`docker compose ps -a` lists the three containers by the names the learner types, the worker Exited (137)', () => {
    const rows = engineText('28.5', 'compose-ps-broken').split('\n').slice(1);
    const status = Object.fromEntries(rows.map((row) => [row.split(/\s+/)[0], row]));
    expect(Object.keys(status).sort()).toEqual(['redis', 'web', 'worker']);
    expect(status.worker).toMatch(/Exited \(137\)/);
    expect(
      engineText('28.5', 'compose-ps-fixed')
        .split('\n')
        .slice(1)
        .every((row) => / Up /.test(row)),
    ).toBe(true);
  });
});
