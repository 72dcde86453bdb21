import type { Redis } from 'ioredis';
import { configRecord, type MemoryFacts, parseMemoryFacts } from './memory-facts.js';

/**
 * Reads the memory facts in one round trip. CLIENT NO-TOUCH first (Redis 7.2+): the lab's reads
 * must not make the queue look recently used, or the lab itself would shield it from the LRU.
 */
export async function readMemoryFacts(redis: Redis): Promise<MemoryFacts> {
  const replies = await redis
    .pipeline()
    .call('CLIENT', 'NO-TOUCH', 'ON')
    .info('memory')
    .info('stats')
    .info('keyspace')
    .info('errorstats')
    .config('GET', 'maxmemory*')
    .exec();
  const value = (i: number) => {
    const entry = replies?.[i];
    if (!entry) throw new Error('redis pipeline returned too few replies');
    if (entry[0]) throw entry[0];
    return entry[1];
  };
  return parseMemoryFacts({
    memory: value(1) as string,
    stats: value(2) as string,
    keyspace: value(3) as string,
    errorstats: value(4) as string,
    config: configRecord(value(5) as string[]),
  });
}

/** Makes a connection's reads leave keys' LRU clocks alone (the lab observes, it does not use). */
export const noTouch = (redis: Redis) => redis.call('CLIENT', 'NO-TOUCH', 'ON');
