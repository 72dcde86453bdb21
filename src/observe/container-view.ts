/** One container as `docker inspect` shows it, reduced to what the checks judge. */
export interface ContainerView {
  name: string;
  exists: boolean;
  id?: string;
  /** State.Status: created, running, paused, restarting, removing, exited, dead. */
  status?: string;
  running?: boolean;
  exitCode?: number;
  oomKilled?: boolean;
  startedAt?: string;
  finishedAt?: string;
  restartCount?: number;
  /** HostConfig.Memory in bytes; 0 means no limit. */
  memoryBytes?: number;
  /** HostConfig.MemorySwap in bytes; -1 unlimited, 0 unset (then twice Memory). */
  memorySwapBytes?: number;
  /** The limit the kernel enforces, read from the container's cgroup (running containers only). */
  cgroupLimitBytes?: number;
  labels?: Record<string, string>;
}

/** A Docker event about one container (from `docker events --since`). */
export interface ContainerEvent {
  time: string;
  /** The event's Action without its detail: create, start, oom, kill, die, stop, update, exec_start, ... */
  action: string;
  exitCode?: number;
  /** The container the event is about: one recreated since the outage has a new id. */
  id?: string;
  /** The container's name when the event was sent. */
  name?: string;
  /** For `kill` events: the signal sent (15 SIGTERM, 9 SIGKILL). */
  signal?: number;
}
