import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { environmentError, LabError } from '../errors.js';
import { packageRoot } from '../project/paths.js';
import { pollUntil } from '../wait.js';
import { cliEnv, runDocker } from './cli.js';
import { docker, imageExists } from './engine.js';

/**
 * The owner of classroom sandboxes: one container per learner with a Docker Engine of its own
 * (Docker-in-Docker), its data on a volume, and its inner socket in a host directory so that the
 * instructor's side can grade each lab without going through the learner's shell.
 */
export const SANDBOX_IMAGE = 'async-outage-lab/sandbox:trixie';
export const SANDBOX_LABEL = 'io.async-outage-lab.classroom';
/** Where the inner dockerd puts its second socket; the host binds a directory of its own here. */
const INNER_SOCKET_DIR = '/run/aol-sandbox';

/** How the sandboxes run: --privileged where the host allows it, else the narrower set below. */
export type SandboxMode = 'privileged' | 'capabilities';

/**
 * Without --privileged (refused on hosts whose bounding set lacks CAP_SYS_RESOURCE): every other
 * capability, no seccomp or AppArmor filter, writable /proc and /sys paths, all devices, and a
 * cgroup namespace of its own so the inner daemon's cgroups nest under the sandbox's.
 */
const CAPABILITY_FLAGS = [
  '--cgroupns=private',
  '--cap-add',
  'ALL',
  '--cap-drop',
  'SYS_RESOURCE',
  '--security-opt',
  'seccomp=unconfined',
  '--security-opt',
  'apparmor=unconfined',
  '--security-opt',
  'systempaths=unconfined',
  '--device-cgroup-rule',
  'a *:* rwm',
];
const modeFlags = (mode: SandboxMode) => (mode === 'privileged' ? ['--privileged', '--cgroupns=private'] : CAPABILITY_FLAGS);

const lastLines = (text: unknown, n = 12) =>
  String(text ?? '')
    .trim()
    .split('\n')
    .slice(-n)
    .join('\n');

/** Builds the sandbox image once, from the base image and Debian packages fetched on the host. */
export async function ensureSandboxImage(baseImage: string, progress: (detail: string) => void): Promise<'built' | 'present'> {
  if (await imageExists(SANDBOX_IMAGE)) return 'present';
  const root = packageRoot();
  progress("fetching trixie's docker.io, docker-cli, containerd, runc, iptables and procps");
  const fetched = await execa('bash', [join(root, 'scripts', 'sandbox-debs.sh'), baseImage], {
    env: cliEnv(),
    reject: false,
    all: false,
    stdin: 'ignore',
    timeout: 600_000,
  });
  if (fetched.exitCode !== 0) {
    throw new LabError(`Fetching the sandbox's Debian packages failed (exit ${fetched.exitCode}):\n${lastLines(fetched.stderr)}`, {
      hint: "It needs Debian's mirror once (AOL_DEBIAN_MIRROR to change it) and the archive keyring; the packages are cached after that.",
      exitCode: fetched.exitCode === 3 ? 3 : 4,
    });
  }
  const context = mkdtempSync(join(tmpdir(), 'aol-sandbox-'));
  try {
    cpSync(String(fetched.stdout).trim(), join(context, 'debs'), { recursive: true });
    cpSync(join(root, 'src', 'docker', 'sandbox-image', 'entrypoint.sh'), join(context, 'entrypoint.sh'));
    progress(`building ${SANDBOX_IMAGE} from ${baseImage}`);
    const built = await runDocker(
      ['build', '--tag', SANDBOX_IMAGE, '--build-arg', `BASE=${baseImage}`, '--file', join(root, 'src', 'docker', 'sandbox-image', 'Dockerfile'), context],
      { timeout: 600_000 },
    );
    if (built.exitCode !== 0)
      throw new LabError(`Building ${SANDBOX_IMAGE} failed (exit ${built.exitCode}):\n${lastLines(built.all)}`, {
        hint: `The base was ${baseImage}; see the build's output above.`,
      });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return 'built';
}

/** Tries a throw-away --privileged container: some VMs refuse the capabilities it asks for. */
export async function detectSandboxMode(): Promise<{ mode: SandboxMode; reason: string }> {
  const probe = await runDocker(['run', '--rm', '--label', `${SANDBOX_LABEL}=probe`, '--privileged', '--entrypoint', 'true', SANDBOX_IMAGE], {
    timeout: 60_000,
  });
  if (probe.exitCode === 0) return { mode: 'privileged', reason: '--privileged works on this host' };
  const lines = String(probe.all ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const said = (lines.find((line) => /permitted|denied|refused|caps/i.test(line)) ?? lines[0] ?? `exit ${probe.exitCode}`).replace(/^docker: /, '');
  return { mode: 'capabilities', reason: `--privileged was refused (${said})` };
}

export interface SandboxSpec {
  name: string;
  volume: string;
  /** Host directory bound at the inner socket's directory. */
  socketDir: string;
  memoryMiB: number;
  mode: SandboxMode;
  learner: number;
}

export const innerDockerHost = (socketDir: string) => `unix://${join(socketDir, 'docker.sock')}`;

/** Starts one sandbox (replacing a stopped one of the same name) and waits for its inner daemon. */
export async function startSandbox(spec: SandboxSpec, timeoutMs = 60_000): Promise<{ innerVersion: string }> {
  mkdirSync(spec.socketDir, { recursive: true, mode: 0o700 });
  const memory = `${spec.memoryMiB}m`;
  const run = await runDocker(
    [
      'run',
      '--detach',
      '--name',
      spec.name,
      '--hostname',
      spec.name,
      '--label',
      `${SANDBOX_LABEL}=sandbox`,
      '--label',
      `${SANDBOX_LABEL}.learner=${spec.learner}`,
      '--memory',
      memory,
      '--memory-swap',
      memory,
      ...modeFlags(spec.mode),
      '--volume',
      `${spec.volume}:/var/lib/docker`,
      '--volume',
      `${spec.socketDir}:${INNER_SOCKET_DIR}`,
      SANDBOX_IMAGE,
    ],
    { timeout: 60_000 },
  );
  if (run.exitCode !== 0) {
    throw new LabError(`Starting sandbox ${spec.name} failed (exit ${run.exitCode}):\n${lastLines(run.all)}`, {
      hint: `\`docker logs ${spec.name}\` shows the inner daemon's output; \`async-outage-lab classroom down\` removes what was made.`,
      exitCode: /already in use/.test(String(run.all)) ? 3 : 4,
    });
  }
  // An exited sandbox is final: its daemon will not answer, and its log says why.
  const probe = async () => ({
    answer: await innerDocker(spec.socketDir, ['version', '--format', '{{.Server.Version}}']),
    running: (await docker().getContainer(spec.name).inspect()).State.Running,
  });
  const info = await pollUntil(probe, (seen) => seen.answer.exitCode === 0, {
    what: `the Docker daemon inside ${spec.name}`,
    timeoutMs,
    intervalMs: 250,
    describe: (last) => (last ? lastLines(last.answer.all, 1) : 'no answer yet'),
    fatal: (seen) =>
      seen.running
        ? undefined
        : new LabError(`Sandbox ${spec.name} exited before its Docker daemon answered.`, {
            hint: `\`docker logs ${spec.name}\` shows why; \`async-outage-lab classroom down\` removes what was made.`,
          }),
  });
  return { innerVersion: String(info.answer.stdout).trim() };
}

/** The docker CLI against a sandbox's inner daemon. */
export function innerDocker(socketDir: string, args: string[]) {
  return runDocker(args, { env: cliEnv({ DOCKER_HOST: innerDockerHost(socketDir) }), timeout: 30_000 });
}

/** `docker save IMAGE | docker load` from this engine into the sandbox's: no registry needed. */
export async function loadImageInto(socketDir: string, image: string): Promise<void> {
  const save = execa('docker', ['save', image], { env: cliEnv(), reject: false, stdin: 'ignore', buffer: false, timeout: 300_000 });
  const load = save.pipe('docker', ['load', '--quiet'], {
    env: cliEnv({ DOCKER_HOST: innerDockerHost(socketDir) }),
    reject: false,
    all: true,
    timeout: 300_000,
  });
  const [saved, loaded] = await Promise.all([save, load]);
  if (saved.exitCode !== 0 || loaded.exitCode !== 0) {
    throw new LabError(`Loading ${image} into the sandbox failed (save exit ${saved.exitCode}, load exit ${loaded.exitCode}):\n${lastLines(loaded.all)}`, {
      hint: 'Is the sandbox out of disk? `docker system df` on the host shows the volumes.',
    });
  }
}

export interface SandboxInfo {
  name: string;
  learner: number;
  running: boolean;
  /** The sandbox's init process on the host: the way into its network namespace. */
  pid: number;
  volumes: string[];
}

/** Every sandbox this lab created on the engine, by its label. */
export async function listSandboxes(): Promise<SandboxInfo[]> {
  const found = await docker().listContainers({ all: true, filters: JSON.stringify({ label: [`${SANDBOX_LABEL}=sandbox`] }) });
  const infos = await Promise.all(found.map((entry) => docker().getContainer(entry.Id).inspect()));
  return infos
    .map((info) => ({
      name: info.Name.replace(/^\//, ''),
      learner: Number(info.Config.Labels?.[`${SANDBOX_LABEL}.learner`] ?? 0),
      running: info.State.Running,
      pid: info.State.Pid,
      volumes: (info.Mounts ?? []).filter((mount) => mount.Type === 'volume' && mount.Name).map((mount) => String(mount.Name)),
    }))
    .sort((a, b) => a.learner - b.learner);
}

/** Removes one sandbox and its data volumes (anonymous or named), and nothing else. */
export async function removeSandbox(sandbox: SandboxInfo): Promise<void> {
  const removed = await runDocker(['rm', '--force', '--volumes', sandbox.name], { timeout: 120_000 });
  if (removed.exitCode !== 0 && !/No such container/.test(String(removed.all))) {
    throw new LabError(`Removing sandbox ${sandbox.name} failed: ${lastLines(removed.all, 2)}`, { hint: `Try \`docker rm -f ${sandbox.name}\` by hand.` });
  }
  for (const volume of sandbox.volumes) {
    const gone = await runDocker(['volume', 'rm', '--force', volume], { timeout: 60_000 });
    if (gone.exitCode !== 0)
      throw new LabError(`Removing volume ${volume} failed: ${lastLines(gone.all, 2)}`, { hint: `Try \`docker volume rm ${volume}\` by hand.` });
  }
}

/** Memory a sandbox uses now (its cgroup's usage, page cache excluded as `docker stats` does). */
export async function sandboxMemoryMiB(name: string): Promise<number | undefined> {
  const stats = (await docker().getContainer(name).stats({ stream: false })) as { memory_stats?: { usage?: number; stats?: Record<string, number> } };
  const usage = stats.memory_stats?.usage;
  if (usage === undefined) return undefined;
  const cache = stats.memory_stats?.stats?.total_inactive_file ?? stats.memory_stats?.stats?.inactive_file ?? 0;
  return Math.round((usage - cache) / (1024 * 1024));
}

/** The engine's own figures, for the capacity check: memory and cores of the host the sandboxes share. */
export async function engineCapacity(): Promise<{ memoryBytes: number; cores: number }> {
  const info = (await docker().info()) as { MemTotal?: number; NCPU?: number };
  if (!info.MemTotal || !info.NCPU) throw environmentError('The Docker engine did not report its memory and cores.', 'Check `docker info`.');
  return { memoryBytes: info.MemTotal, cores: info.NCPU };
}
