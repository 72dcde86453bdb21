import { beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually, http, lab } from './harness.js';

/** The stack itself: a real web, a real Redis, a real Celery worker, as a user would poke at them. */
describe('the sandbox stack', () => {
  beforeAll(async () => {
    const reset = await lab(['reset']);
    expect(reset.exitCode, reset.all).toBe(0);
  });

  it('runs every service as non-root, publishes on loopback only, mounts no docker socket', async () => {
    for (const name of ['web', 'worker', 'redis']) {
      const uid = await docker('inspect', name, '--format', '{{.Config.User}}');
      expect(uid.out, name).not.toBe('');
      expect(uid.out, name).not.toBe('root');
      const mounts = await docker('inspect', name, '--format', '{{range .Mounts}}{{.Source}} {{end}}');
      expect(mounts.out).not.toContain('docker.sock');
    }
    const ports = await docker('port', 'web');
    expect(ports.out).toMatch(/^8080\/tcp -> 127\.0\.0\.1:8080$/m);
    const restart = await docker('inspect', 'worker', '--format', '{{.HostConfig.RestartPolicy.Name}}');
    expect(['', 'no']).toContain(restart.out);
  });

  it("gives the image's root directory mode 0755, so non-root services can load their libraries on any storage driver", async () => {
    for (const image of ['async-outage-lab:latest', 'async-outage-lab/base:trixie']) {
      const present = await docker('image', 'inspect', image);
      if (image !== 'async-outage-lab:latest' && present.code !== 0) continue; // a registry base instead
      const mode = await docker('run', '--rm', '--label', 'io.async-outage-lab.fixture=true', '--entrypoint', 'stat', image, '-c', '%a', '/');
      expect(mode.out, image).toBe('755');
    }
  });

  it('web answers bad input with 4xx JSON errors, never 5xx', async () => {
    const post = (body: string, type = 'application/json') => http(8080, '/exports', { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ rows: 'x'.repeat(70 * 1024) }))).status).toBe(413);
    expect((await post('{"rows": -3}')).status).toBe(400);
    expect((await http(8080, '/exports', { method: 'DELETE' })).status).toBe(405);
    expect((await http(8080, '/no/such/page')).status).toBe(404);
    expect((await http(8080, '/healthz')).status).toBe(200);
  });

  it('POST /exports -> the real Celery worker runs it -> CSV downloadable and celery-task-meta says SUCCESS', async () => {
    expect((await docker('update', '--memory', '512m', '--memory-swap', '512m', 'worker')).code).toBe(0);
    expect((await docker('start', 'worker')).code).toBe(0);
    const accepted = await http(8080, '/exports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows":250}' });
    expect(accepted.status).toBe(202);
    const { id } = JSON.parse(accepted.text) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const pending = await http(8080, `/exports/${id}/download`);
    expect([200, 409]).toContain(pending.status);
    await eventually(
      `export ${id} to be ready`,
      async () => JSON.parse((await http(8080, `/exports/${id}`)).text) as { status: string },
      (s) => s.status === 'ready',
      180_000,
    );
    const csv = await http(8080, `/exports/${id}/download`);
    expect(csv.status).toBe(200);
    expect(csv.text.split(/\r?\n/)[0]).toBe('customer,orders,total,region');
    const meta = await docker('exec', 'redis', 'redis-cli', 'GET', `celery-task-meta-${id}`);
    expect(JSON.parse(meta.out)).toMatchObject({ status: 'SUCCESS', task_id: id });
    expect((await docker('logs', 'worker')).all).toContain(`Task exports.generate_csv[${id}] succeeded`);
  });
});
