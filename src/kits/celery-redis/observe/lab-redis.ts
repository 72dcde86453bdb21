import { type InspectInfo, inspectContainer, publishedPort } from '../../../docker/engine.js';
import { withTimeout } from '../../../wait.js';
import type { StackBaseline as Baseline } from '../baseline.js';
import { connectRedis } from '../broker/redis.js';

export const redisPortOf = (info: InspectInfo | undefined) => (info ? publishedPort(info, 6379) : undefined);

/** The password the lab's Redis requires, as `up` recorded it. */
export const redisPasswordOf = (baseline: Pick<Baseline, 'redis'>) => baseline.redis.password;

/**
 * The password a running redis container was started with (its REDISCLI_AUTH), for the one
 * reader that has no baseline: `status` on a half-built lab.
 */
export const redisPasswordInContainer = (info: InspectInfo | undefined) =>
  info?.Config.Env?.find((entry) => entry.startsWith('REDISCLI_AUTH='))?.slice('REDISCLI_AUTH='.length) ?? '';

/** The lab's Redis from the host: its published loopback port, with its password. */
export const labRedisUrl = (port: number, password: string) => `redis://${password ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}/0`;

/** Connects to the lab's Redis through its published loopback port, runs `use`, and disconnects. */
export async function withLabRedis<T>(password: string, use: (redis: ReturnType<typeof connectRedis>) => Promise<T>): Promise<T> {
  const port = redisPortOf(await inspectContainer('redis'));
  if (!port) throw new Error('redis publishes no port on 127.0.0.1');
  const redis = connectRedis(labRedisUrl(port, password));
  redis.on('error', () => {}); // failures surface through the awaited calls
  try {
    await withTimeout(redis.connect(), 3000, `redis on 127.0.0.1:${port}`);
    return await withTimeout(use(redis), 15_000, `redis on 127.0.0.1:${port}`);
  } finally {
    redis.disconnect();
  }
}
