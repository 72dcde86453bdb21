import { subscribeHeartbeats } from '../../../kits/celery-redis/broker/redis.js';
import { withLabRedis } from '../../../kits/celery-redis/observe/lab-redis.js';

/**
 * The Celery workers heard on the broker: the hostnames whose heartbeat (every 2 s) arrives while
 * we listen, for at least `minMs` and until `until` settles. Containers can be Up without a single
 * one: this is what consumes. A solo worker in the middle of a long export beats on its next idle
 * moment, so a longer listen hears more.
 */
export async function listenForConsumers(password: string, minMs: number, until: Promise<unknown> = Promise.resolve()): Promise<string[]> {
  const heard = new Set<string>();
  await withLabRedis(password, async (redis) => {
    await subscribeHeartbeats(redis, (hostname) => heard.add(hostname));
    await Promise.all([new Promise((resolve) => setTimeout(resolve, minMs)), until.catch(() => undefined)]);
  });
  return [...heard].sort();
}
