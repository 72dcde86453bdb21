import Docker from 'dockerode';
import { environmentError } from '../errors.js';
import { CONTAINERS, LAB_LABEL, PROJECT, COMPOSE_PROJECT_LABEL, type ContainerName } from '../lab/scenario.js';

/**
 * The only place that talks to the Docker Engine API (dockerode). Everything the lab learns
 * from Docker or asks of it goes through these functions.
 */
let client: Docker | undefined;
export const docker = (): Docker => (client ??= new Docker());

const daemonAddress = () => process.env.DOCKER_HOST ?? (process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : '/var/run/docker.sock');

/** Fails with exit code 3 and the fix when no daemon answers. */
export async function requireDaemon(): Promise<{ version: string; cgroupVersion: string }> {
  try {
    const [version, info] = await Promise.all([docker().version(), docker().info() as Promise<{ CgroupVersion?: string }>]);
    return { version: version.Version, cgroupVersion: info.CgroupVersion ?? '1' };
  } catch (error) {
    throw environmentError(
      `Docker daemon not reachable at ${daemonAddress()} (${error instanceof Error ? error.message : String(error)}).`,
      'Start Docker Desktop, or the engine: `sudo systemctl start docker` (or `sudo dockerd &`). On Debian/Ubuntu without Docker: `bash scripts/docker-engine.sh ensure`.',
      error,
    );
  }
}

// dockerode's inspect type is loose; these are the parts the lab reads.
export interface InspectInfo {
  Id: string;
  Name: string;
  RestartCount: number;
  State: { Status: string; Running: boolean; ExitCode: number; OOMKilled: boolean; StartedAt: string; FinishedAt: string };
  HostConfig: { Memory: number; MemorySwap: number };
  Config: { Labels: Record<string, string> | null; Image: string };
  NetworkSettings: { Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null };
}

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

export async function inspectContainer(name: string): Promise<InspectInfo | undefined> {
  try {
    return (await docker().getContainer(name).inspect()) as unknown as InspectInfo;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function inspectLab(): Promise<Record<ContainerName, InspectInfo | undefined>> {
  const entries = await Promise.all(CONTAINERS.map(async (name) => [name, await inspectContainer(name)] as const));
  return Object.fromEntries(entries) as Record<ContainerName, InspectInfo | undefined>;
}

export const isLabContainer = (info: InspectInfo) => info.Config.Labels?.[COMPOSE_PROJECT_LABEL] === PROJECT;

/** The host port a container publishes for `containerPort/tcp` on 127.0.0.1. */
export function publishedPort(info: InspectInfo, containerPort: number): number | undefined {
  const bindings = info.NetworkSettings.Ports?.[`${containerPort}/tcp`] ?? [];
  const port = bindings?.find((binding) => binding.HostIp === '127.0.0.1' || binding.HostIp === '')?.HostPort;
  return port ? Number(port) : undefined;
}

export async function imageExists(name: string): Promise<boolean> {
  try {
    await docker().getImage(name).inspect();
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
  const buffer = (await docker().getContainer(name).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
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

/** Container events for one name between two times (seconds since epoch), oldest first. */
export async function containerEvents(name: string, sinceSeconds: number, untilSeconds: number): Promise<RawEvent[]> {
  const stream = (await docker().getEvents({
    since: Math.floor(sinceSeconds),
    until: Math.ceil(untilSeconds),
    filters: JSON.stringify({ type: ['container'], container: [name] }),
  } as never)) as unknown as NodeJS.ReadableStream;
  const text = await new Promise<string>((resolve, reject) => {
    let data = '';
    stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    stream.on('end', () => resolve(data));
    stream.on('error', reject);
  });
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RawEvent);
}

/** Reads the memory limit the kernel enforces from inside a running container's cgroup. */
export async function cgroupMemoryLimit(name: string): Promise<number | undefined> {
  const exec = await docker().getContainer(name).exec({
    Cmd: ['sh', '-c', 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes'],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const text = demultiplex(Buffer.concat(chunks)).trim();
  if (text === 'max') return 0;
  const value = Number(text);
  // cgroup v1 reports "no limit" as a huge page-aligned number.
  if (!Number.isFinite(value)) return undefined;
  return value >= 2 ** 62 ? 0 : value;
}

/** Everything carrying the lab's label, for `down` and for the foreign-name preflight. */
export async function labResources() {
  const filters = JSON.stringify({ label: [LAB_LABEL] });
  const projectFilter = JSON.stringify({ label: [`${COMPOSE_PROJECT_LABEL}=${PROJECT}`] });
  const [containers, projectContainers, volumes, networks] = await Promise.all([
    docker().listContainers({ all: true, filters }),
    docker().listContainers({ all: true, filters: projectFilter }),
    docker().listVolumes({ filters: projectFilter }),
    docker().listNetworks({ filters: projectFilter }),
  ]);
  const containerIds = new Set([...containers, ...projectContainers].map((c) => c.Id));
  return {
    containers: [...containerIds],
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    networks: networks.map((n) => n.Id),
  };
}

/** Removes exactly what carries the lab's compose project label. */
export async function removeLabResources(): Promise<{ containers: number; volumes: number; networks: number }> {
  const found = await labResources();
  for (const id of found.containers) {
    try {
      await docker().getContainer(id).remove({ force: true, v: false });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  for (const name of found.volumes) {
    try {
      await docker().getVolume(name).remove();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  for (const id of found.networks) {
    try {
      await docker().getNetwork(id).remove();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return { containers: found.containers.length, volumes: found.volumes.length, networks: found.networks.length };
}
