import type { InspectInfo } from '../../docker/engine.js';

/** What every baseline opens with: what it is, when it was made, and the lab's site, traffic and token. */
export function baselineHead(options: { sitePort: number; trafficIntervalMs: number }, labToken: string) {
  return {
    kind: 'async-outage-lab/baseline' as const,
    version: 1 as const,
    createdAt: new Date().toISOString(),
    sitePort: options.sitePort,
    trafficIntervalMs: options.trafficIntervalMs,
    labToken,
  };
}

/** A container as a baseline records it: which one, since when, and how often Docker restarted it. */
export const containerRecord = (info: InspectInfo) => ({ id: info.Id, startedAt: info.State.StartedAt, restartCount: info.RestartCount });

/** The lab's Redis as a baseline records it: the container, the server's run_id and its password. */
export const redisRecord = (info: InspectInfo, runId: string, password: string) => ({ id: info.Id, runId, startedAt: info.State.StartedAt, password });
