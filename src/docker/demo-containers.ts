import { LAB_LABEL } from '../project/names.js';
import { withTimeout } from '../wait.js';
import { runDocker } from './cli.js';
import { docker, type InspectInfo, inspectContainer, publishedPort } from './engine.js';

/**
 * Containers a demo runs beside the learner's lab: each carries the lab's label and a demo label,
 * so that everything a demo created is found, and removed, by that label alone. Nothing here
 * touches a container without it.
 */
export const DEMO_LABEL = 'io.async-outage-lab.demo';

export interface DemoContainerSpec {
  name: string;
  image: string;
  /** The demo's name: the value of the demo label. */
  demo: string;
  network: string;
  cmd: string[];
  user?: string;
  workingDir?: string;
  hostname?: string;
  env?: Record<string, string>;
  /** Memory cap in MiB; swap is capped at the same value, so the cap is a hard one. */
  memoryMiB?: number;
  restart?: 'no' | 'on-failure' | 'unless-stopped';
  /** A container port published on 127.0.0.1 at a port Docker picks. */
  publish?: number;
  /** A Docker HEALTHCHECK: the command (exec form), how often, how long it may take, how many failures make it unhealthy. */
  healthcheck?: { test: string[]; intervalS: number; timeoutS: number; retries: number };
}

const labels = (demo: string) => ({ [LAB_LABEL]: 'true', [DEMO_LABEL]: demo });
const api = <T>(call: Promise<T>, what: string, ms = 20_000) => withTimeout(call, ms, `the Docker daemon (${what})`);
const MIB = 1024 * 1024;

/** A bridge network of the demo's own, so its containers never meet the learner's. */
export async function createDemoNetwork(name: string, demo: string): Promise<void> {
  await api(docker().createNetwork({ Name: name, Labels: labels(demo), CheckDuplicate: true } as never), `create network ${name}`);
}

/** Creates and starts one demo container; resolves once the engine has started it. */
export async function runDemoContainer(spec: DemoContainerSpec): Promise<void> {
  const memory = spec.memoryMiB === undefined ? {} : { Memory: spec.memoryMiB * MIB, MemorySwap: spec.memoryMiB * MIB };
  const port = spec.publish === undefined ? undefined : `${spec.publish}/tcp`;
  const container = await api(
    docker().createContainer({
      name: spec.name,
      Image: spec.image,
      Cmd: spec.cmd,
      User: spec.user,
      WorkingDir: spec.workingDir,
      Hostname: spec.hostname,
      Env: Object.entries(spec.env ?? {}).map(([key, value]) => `${key}=${value}`),
      Labels: labels(spec.demo),
      ...(spec.healthcheck
        ? {
            Healthcheck: {
              Test: ['CMD', ...spec.healthcheck.test],
              Interval: spec.healthcheck.intervalS * 1e9,
              Timeout: spec.healthcheck.timeoutS * 1e9,
              Retries: spec.healthcheck.retries,
            },
          }
        : {}),
      ExposedPorts: port ? { [port]: {} } : undefined,
      HostConfig: {
        ...memory,
        NetworkMode: spec.network,
        RestartPolicy: { Name: spec.restart ?? 'no' },
        PortBindings: port ? { [port]: [{ HostIp: '127.0.0.1', HostPort: '' }] } : undefined,
      },
    } as never),
    `create ${spec.name}`,
  );
  await api(container.start(), `start ${spec.name}`);
}

export const startContainer = (name: string) => api(docker().getContainer(name).start(), `start ${name}`);

/** Changes a container's memory cap (and swap, to the same value), running or not. */
export async function setMemoryCap(name: string, mib: number): Promise<void> {
  await api(
    docker()
      .getContainer(name)
      .update({ Memory: mib * MIB, MemorySwap: mib * MIB } as never),
    `update ${name}`,
  );
}

export const inspectDemo = (name: string): Promise<InspectInfo | undefined> => inspectContainer(name);

/** The loopback port a demo container publishes for `containerPort`. */
export async function demoPort(name: string, containerPort: number): Promise<number> {
  const info = await inspectContainer(name);
  const port = info ? publishedPort(info, containerPort) : undefined;
  if (!port) throw new Error(`${name} publishes no port for ${containerPort} on 127.0.0.1`);
  return port;
}

/** `docker ps -a`'s line for one container (NAMES, STATUS), as the learner would read it. */
export async function psLine(name: string): Promise<string> {
  const result = await runDocker(['ps', '-a', '--filter', `name=^/${name}$`, '--format', '{{.Names}}  {{.Status}}'], { timeout: 15_000 });
  return String(result.stdout ?? '').trim();
}

/**
 * Removes every container and network carrying the demo label (all demos when `demo` is
 * undefined), containers first. Returns what it removed; a resource already gone is no error.
 */
export async function removeDemoResources(demo?: string): Promise<{ containers: string[]; networks: string[] }> {
  const filters = JSON.stringify({ label: [demo === undefined ? DEMO_LABEL : `${DEMO_LABEL}=${demo}`] });
  const containers = await api(docker().listContainers({ all: true, filters }), 'list demo containers');
  const gone = { containers: [] as string[], networks: [] as string[] };
  await Promise.all(
    containers.map(async (container) => {
      try {
        await api(docker().getContainer(container.Id).remove({ force: true, v: true }), 'remove a demo container');
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
      gone.containers.push((container.Names[0] ?? container.Id).replace(/^\//, ''));
    }),
  );
  const networks = await api(docker().listNetworks({ filters }), 'list demo networks');
  for (const network of networks) {
    try {
      await api(docker().getNetwork(network.Id).remove(), 'remove a demo network');
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    gone.networks.push(network.Name);
  }
  return gone;
}
