/**
 * Which engines behind the Docker API the lab can stage its outages on. Pure: it reads what
 * `GET /version` answered.
 */

/** The parts of `GET /version` this reads. */
export interface VersionReply {
  Version?: string;
  Components?: Array<{ Name?: string; Version?: string }> | null;
}

export interface EngineRefusal {
  message: string;
  hint: string;
}

/** Podman's version when Podman serves this Docker API (its `docker version` names "Podman Engine"). */
export function podmanVersion(reply: VersionReply): string | undefined {
  const podman = (reply.Components ?? []).find((component) => /podman/i.test(component.Name ?? ''));
  return podman ? (podman.Version ?? reply.Version ?? 'unknown') : undefined;
}

/**
 * Why the lab will not run on this engine, or undefined when it will. Tried on Debian bookworm's
 * Podman 4.3.1 (README, "Podman"): the container state and events the lab grades by differ, its
 * bounded event queries return nothing, and `docker update` answers 404.
 */
export function engineRefusal(reply: VersionReply): EngineRefusal | undefined {
  const podman = podmanVersion(reply);
  if (podman === undefined) return undefined;
  return {
    message:
      `This Docker API is served by Podman ${podman} (\`docker version\` names "Podman Engine"), not by Docker Engine, and the lab's outages cannot be staged or graded on it: ` +
      'Podman does not record how a container ended in its state and events the way Docker does, its event stream answers no query bounded in time, ' +
      'and it has no `docker update` (its API answers 404 Not Found). Nothing was created.',
    hint: 'Run the lab on Docker Engine (Docker Desktop, or Docker CE from docs.docker.com/engine/install) and point DOCKER_HOST (or `docker context use`) at it.',
  };
}
