import type { InspectInfo } from '../../../docker/engine.js';
import type { NetworkAttachment } from './snapshot.js';

/** The networks `docker inspect` shows a container attached to, by name. Pure. */
export function networksOf(info: InspectInfo | undefined): Record<string, NetworkAttachment> | undefined {
  if (!info) return undefined;
  const networks = info.NetworkSettings.Networks ?? {};
  return Object.fromEntries(
    Object.entries(networks).map(([name, endpoint]) => [name, { ipAddress: endpoint.IPAddress ?? '', aliases: endpoint.Aliases ?? [] }]),
  );
}
