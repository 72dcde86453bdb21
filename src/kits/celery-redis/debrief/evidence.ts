import { containerEvents, inspectContainer } from '../../../docker/engine.js';
import { containerEventFromDocker } from '../../../observe/from-inspect.js';
import { readSessionLog } from '../../../shim/session-log.js';
import type { ExitedWorkerBaseline } from '../baseline.js';
import { readQueueHealth } from '../broker/redis.js';
import { readAllResults } from '../broker/results.js';
import { redisPasswordOf, withLabRedis } from '../observe/lab-redis.js';
import { readLedger } from '../observe/web-api.js';
import type { DebriefEvidence } from './evidence-types.js';

/**
 * Gathers what `debrief` reads, once and read-only: the container's Docker events from just
 * before the outage, the learner's transcript, when each result was stored and each export
 * accepted, and the queue now. A source that cannot be read leaves its part empty (or null).
 */
export async function gatherDebriefEvidence<B extends ExitedWorkerBaseline>(baseline: B, container: string, sessionLog: string): Promise<DebriefEvidence<B>> {
  const at = new Date().toISOString();
  const since = Date.parse(baseline.worker.finishedAt) / 1000 - 60;
  // Each source that fails is named in `unread`, so the postmortem says what it could not see.
  const unread: string[] = [];
  const orNothing = <T>(what: string, read: Promise<T>, nothing: T) =>
    read.catch((error: unknown) => {
      unread.push(`${what} (${error instanceof Error ? error.message : String(error)})`);
      return nothing;
    });
  const [rawEvents, info, redisPart, ledger] = await Promise.all([
    orNothing('Docker events', containerEvents(container, since, Date.now() / 1000 + 1), []),
    orNothing(`docker inspect ${container}`, inspectContainer(container), null),
    orNothing(
      "the lab's Redis",
      withLabRedis(redisPasswordOf(baseline), async (redis) => ({ results: await readAllResults(redis), health: await readQueueHealth(redis) })),
      undefined,
    ),
    orNothing("the web's ledger", readLedger(baseline.sitePort), undefined),
  ]);
  const finishedAt = redisPart
    ? [...redisPart.results.values()].flatMap((result) => (result.status === 'SUCCESS' && result.dateDone ? [result.dateDone] : []))
    : [];
  return {
    at,
    baseline,
    events: rawEvents.map(containerEventFromDocker).filter((event): event is NonNullable<typeof event> => Boolean(event)),
    session: readSessionLog(sessionLog),
    finishedAt,
    acceptedAt: ledger ? ledger.entries.map((entry) => entry.acceptedAt) : [],
    now: {
      queueDepth: redisPart ? redisPart.health.queueDepth : null,
      parked: redisPart ? redisPart.health.unackedCount : null,
      // null: Docker could not be asked; false: asked, and the container is absent or stopped.
      running: info === null ? null : info ? info.State.Running : false,
    },
    unread,
  };
}
