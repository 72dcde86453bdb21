import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Docker from 'dockerode';
import { environmentError } from '../errors.js';
import { COMPOSE_PROJECT_LABEL, IMAGE, PROJECT } from '../project/names.js';
import { packageRoot } from '../project/paths.js';
import { withTimeout } from '../wait.js';
import { cliEnv } from './cli.js';
import type { VersionReply } from './engine-support.js';

/**
 * The only place that talks to the Docker Engine API (dockerode). Everything the lab learns
 * from Docker or asks of it goes through these functions.
 */
let client: Docker | undefined;

/**
 * Where the docker CLI and compose talk to: DOCKER_HOST, else the current `docker context`
 * (Colima, Rancher Desktop and remote contexts are not at /var/run/docker.sock). dockerode must
 * use the same engine, or it would inspect other containers than compose created.
 */
function engineHost(): string | undefined {
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST;
  try {
    const host = execFileSync('docker', ['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], {
      env: cliEnv(),
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return host || undefined;
  } catch {
    return undefined;
  }
}

const daemonAddress = () => engineHost() ?? (process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock');

export const docker = (): Docker => {
  if (client) return client;
  const host = engineHost();
  if (host && !process.env.DOCKER_HOST) process.env.DOCKER_HOST = host; // compose and the CLI follow too
  client = new Docker();
  return client;
};

/** Bounds one Engine API call: a paused VM or a daemon still starting must not hang the lab. */
const api = <T>(call: Promise<T>, what: string, ms = 15_000) => withTimeout(call, ms, `the Docker daemon (${what})`);

/** Fails with exit code 3 and the fix when no daemon answers. */
export async function requireDaemon(): Promise<{ version: string; cgroupVersion: string; reply: VersionReply }> {
  try {
    const [version, info] = await api(Promise.all([docker().version(), docker().info() as Promise<{ CgroupVersion?: string }>]), 'version', 10_000);
    return { version: version.Version, cgroupVersion: info.CgroupVersion ?? '1', reply: version as VersionReply };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if ((error as NodeJS.ErrnoException).code === 'EACCES') {
      throw environmentError(
        `Permission denied on the Docker socket at ${daemonAddress()}.`,
        'Add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run as root.',
        error,
      );
    }
    throw environmentError(
      `Docker daemon not reachable at ${daemonAddress()} (${reason}).`,
      `Start Docker Desktop, or the engine: \`sudo systemctl start docker\` (or \`sudo dockerd &\`). On Debian/Ubuntu without Docker: \`sudo bash ${join(packageRoot(), 'scripts', 'docker-engine.sh')} ensure\`.`,
      error,
    );
  }
}

// dockerode's inspect type is loose; these are the parts the lab reads.
export interface InspectInfo {
  Id: string;
  Name: string;
  RestartCount: number;
  State: {
    Status: string;
    Running: boolean;
    ExitCode: number;
    OOMKilled: boolean;
    StartedAt: string;
    FinishedAt: string;
    Health?: { Status: string; FailingStreak?: number };
  };
  HostConfig: { Memory: number; MemorySwap: number };
  Config: { Labels: Record<string, string> | null; Image: string; Env?: string[] | null };
  NetworkSettings: {
    Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null;
    /** The networks the container is attached to, by name (empty when it has none). */
    Networks?: Record<string, { IPAddress?: string; Aliases?: string[] | null; NetworkID?: string }> | null;
  };
}

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

export async function inspectContainer(name: string): Promise<InspectInfo | undefined> {
  try {
    return (await api(docker().getContainer(name).inspect(), `inspect ${name}`)) as unknown as InspectInfo;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The lab's containers by name (the scenario's names), each as inspected or undefined when absent. */
export async function inspectLab<N extends string>(names: readonly N[]): Promise<Record<N, InspectInfo | undefined>> {
  const entries = await Promise.all(names.map(async (name) => [name, await inspectContainer(name)] as const));
  return Object.fromEntries(entries) as Record<N, InspectInfo | undefined>;
}

/**
 * The lab's own: compose created it for the lab's project, or it carries one of `names` (the lab's
 * container names) and runs the lab's image (a container the learner recreated by hand with `docker run`).
 */
export const isLabContainer = (info: InspectInfo, names: readonly string[] = []) =>
  info.Config.Labels?.[COMPOSE_PROJECT_LABEL] === PROJECT || (names.includes(info.Name.replace(/^\//, '')) && info.Config.Image === IMAGE);

/** The host port a container publishes for `containerPort/tcp` on 127.0.0.1. */
export function publishedPort(info: InspectInfo, containerPort: number): number | undefined {
  const bindings = info.NetworkSettings.Ports?.[`${containerPort}/tcp`] ?? [];
  const port = bindings?.find((binding) => binding.HostIp === '127.0.0.1' || binding.HostIp === '')?.HostPort;
  return port ? Number(port) : undefined;
}

export async function imageExists(name: string): Promise<boolean> {
  try {
    await api(docker().getImage(name).inspect(), `inspect image ${name}`);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export async function removeImage(name: string): Promise<boolean> {
  try {
    await docker().getImage(name).remove({ force: true });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** The last lines of a container's log (stdout and stderr), as text. */
export async function containerLogs(name: string, tail = 50): Promise<string> {
  const buffer = (await api(docker().getContainer(name).logs({ stdout: true, stderr: true, tail, follow: false }), `logs ${name}`)) as unknown as Buffer;
  return demultiplex(buffer);
}

/** Docker multiplexes stdout/stderr with 8-byte frame headers when there is no TTY. */
export function demultiplex(buffer: Buffer): string {
  const chunks: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if (kind === undefined || kind > 2 || offset + 8 + size > buffer.length) return buffer.toString('utf8');
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return chunks.join('');
}

export interface RawEvent {
  status?: string;
  Action?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Container events for one name (or several, in one call) between two times (seconds since epoch), oldest first. */
export async function containerEvents(name: string | readonly string[], sinceSeconds: number, untilSeconds: number): Promise<RawEvent[]> {
  const stream = (await api(
    docker().getEvents({
      since: Math.floor(sinceSeconds),
      until: Math.ceil(untilSeconds),
      filters: JSON.stringify({ type: ['container'], container: typeof name === 'string' ? [name] : [...name] }),
    } as never) as unknown as Promise<NodeJS.ReadableStream>,
    'events',
  )) as NodeJS.ReadableStream & { destroy?: () => void };
  const reading = new Promise<string>((resolve, reject) => {
    let data = '';
    stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    stream.on('end', () => resolve(data));
    stream.on('error', reject);
  });
  const text = await api(reading, 'events').finally(() => stream.destroy?.());
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RawEvent);
}

/**
 * The memory limit the kernel enforces on a running container, from the stats API (no process is
 * started inside it, so its memory and its event history stay as the learner left them).
 * 0 when the container has no limit.
 */
export async function enforcedMemoryLimit(name: string, configured: number): Promise<number | undefined> {
  if (configured === 0) return 0;
  const stats = (await api(
    docker()
      .getContainer(name)
      .stats({ stream: false, 'one-shot': true } as never) as unknown as Promise<unknown>,
    `stats ${name}`,
  )) as {
    memory_stats?: { limit?: number };
  };
  return stats.memory_stats?.limit;
}

/** Everything of the lab's: the compose project's label, plus containers named in `names` of the lab's image. */
export async function labResources(names: readonly string[]) {
  const projectFilter = JSON.stringify({ label: [`${COMPOSE_PROJECT_LABEL}=${PROJECT}`] });
  const [projectContainers, named, volumes, networks] = await api(
    Promise.all([
      docker().listContainers({ all: true, filters: projectFilter }),
      inspectLab(names),
      docker().listVolumes({ filters: projectFilter }),
      docker().listNetworks({ filters: projectFilter }),
    ]),
    'list the lab',
  );
  const containerIds = new Set(projectContainers.map((c) => c.Id));
  for (const info of Object.values(named)) if (info && isLabContainer(info, names)) containerIds.add(info.Id);
  return {
    containers: [...containerIds],
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    networks: networks.map((n) => n.Id),
  };
}

/**
 * Containers that are not the lab's but hold one of its volumes or networks (a second container
 * the learner ran by hand, say): while they exist, the volume or network cannot be removed.
 */
async function foreignUsers(found: { containers: string[]; volumes: string[]; networks: string[] }): Promise<string[]> {
  const ours = new Set(found.containers);
  const lists = await api(
    Promise.all([
      ...found.volumes.map((name) => docker().listContainers({ all: true, filters: JSON.stringify({ volume: [name] }) })),
      ...found.networks.map((id) => docker().listContainers({ all: true, filters: JSON.stringify({ network: [id] }) })),
    ]),
    "list the containers using the lab's volumes and network",
  );
  const names = new Set<string>();
  for (const list of lists)
    for (const container of list) if (!ours.has(container.Id)) names.add((container.Names[0] ?? container.Id.slice(0, 12)).replace(/^\//, ''));
  return [...names];
}

/** Throws (exit 3, naming them and the fix) while a container not the lab's holds its volumes or network. */
export async function refuseForeignUsers(names: readonly string[], found?: { containers: string[]; volumes: string[]; networks: string[] }): Promise<void> {
  const blocking = await foreignUsers(found ?? (await labResources(names)));
  if (blocking.length === 0) return;
  throw environmentError(
    `${blocking.join(', ')} ${blocking.length === 1 ? 'uses' : 'use'} the lab's volumes or network, so the lab cannot be removed; nothing was changed.`,
    `Remove ${blocking.length === 1 ? 'it' : 'them'} first (\`docker rm -f ${blocking.join(' ')}\`), then run the command again.`,
  );
}

/** What was to be removed and is already gone is fine; any other failure stands. */
async function unlessGone(removal: Promise<unknown>): Promise<void> {
  try {
    await removal;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Removes exactly what carries the lab's compose project label. Refuses, before touching anything,
 * while a container of someone else's still uses the lab's volumes or network.
 */
export async function removeLabResources(names: readonly string[]): Promise<{ containers: number; volumes: number; networks: number }> {
  const found = await labResources(names);
  await refuseForeignUsers(names, found);
  // Each kind at once (a running container's removal waits for its stop), containers first: a
  // volume or network in use cannot go.
  await Promise.all(found.containers.map((id) => unlessGone(docker().getContainer(id).remove({ force: true, v: false }))));
  await Promise.all(found.volumes.map((name) => unlessGone(docker().getVolume(name).remove())));
  await Promise.all(found.networks.map((id) => unlessGone(docker().getNetwork(id).remove())));
  return { containers: found.containers.length, volumes: found.volumes.length, networks: found.networks.length };
}

/** Detaches a running container from a network (`docker network disconnect`): its other state stays. */
export async function disconnectNetwork(network: string, container: string): Promise<void> {
  await api(docker().getNetwork(network).disconnect({ Container: container }), `network disconnect ${network} ${container}`);
}
