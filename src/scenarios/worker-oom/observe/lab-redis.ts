import { connectRedis } from '../broker/redis.js';
import { inspectContainer, publishedPort, type InspectInfo } from '../../../docker/engine.js';
import { withTimeout } from '../../../wait.js';

export const redisPortOf = (info: InspectInfo | undefined) => (info ? publishedPort(info, 6379) : undefined);

/** Connects to the lab's Redis through its published loopback port, runs `use`, and disconnects. */
export async function withLabRedis<T>(use: (redis: ReturnType<typeof connectRedis>) => Promise<T>): Promise<T> {
  const port = redisPortOf(await inspectContainer('redis'));
  if (!port) throw new Error('redis publishes no port on 127.0.0.1');
  const redis = connectRedis(`redis://127.0.0.1:${port}/0`);
  redis.on('error', () => {}); // failures surface through the awaited calls
  try {
    await withTimeout(redis.connect(), 3000, `redis on 127.0.0.1:${port}`);
    return await withTimeout(use(redis), 15_000, `redis on 127.0.0.1:${port}`);
  } finally {
    redis.disconnect();
  }
}
