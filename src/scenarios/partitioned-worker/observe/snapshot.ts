import type { ContainerName } from '../../../kits/celery-redis/figures.js';
import type { ContainerView, Snapshot as LabSnapshot } from '../../../kits/celery-redis/observe/snapshot.js';

/** One network a container is attached to, as `docker inspect` shows it. */
export interface NetworkAttachment {
  ipAddress: string;
  aliases: string[];
}

/** A container as the checks judge it, with the networks it is attached to (absent: not read). */
export interface AttachedContainerView extends ContainerView {
  networks?: Record<string, NetworkAttachment>;
}

/** The Celery workers heard beating on the broker while `check` listened. */
export interface ConsumerView {
  /** Hostnames heard (`worker@worker`); absent when the broker could not be read. */
  heard?: string[];
  listenedMs: number;
  error?: string;
}

/** Everything `check` knows of this outage, observed once: the lab's snapshot, plus networks and live consumers. */
export interface Snapshot extends Omit<LabSnapshot, 'containers'> {
  containers: Record<ContainerName, AttachedContainerView>;
  consumers: ConsumerView;
}
