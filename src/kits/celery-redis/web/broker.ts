import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { enqueueEach } from '../broker/enqueue-each.js';
import { connectRedis, enqueueExports, enqueueExportsAhead } from '../broker/redis.js';
import type { Enqueue } from './accept.js';
import type { EnqueueEach } from './deps.js';

/** The web's connection to the broker: one persistent client that keeps reconnecting for as long as the web lives. */
export interface WebBroker {
  enqueue: Enqueue;
  enqueueEach: EnqueueEach;
  /** Settles the first time the broker answers. */
  firstConnected: Promise<void>;
  close(): Promise<void>;
}

/** Redacts a password in a redis:// URL before it reaches the log. */
const printable = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

export function openBroker(url: string, log: (line: string) => void): WebBroker {
  const redis: Redis = connectRedis(url, { persistent: true });
  // Celery names the producing process the same way: gen<pid>@<host>.
  const origin = `gen${process.pid}@${hostname()}`;
  let reachable: boolean | undefined;
  let connected = () => {};
  const firstConnected = new Promise<void>((resolve) => (connected = resolve));
  redis.on('ready', () => {
    connected();
    if (reachable !== true) log(`broker: connected to ${printable(url)}`);
    reachable = true;
  });
  // One line per change of state, not one per reconnect attempt.
  redis.on('error', (error: Error) => {
    if (reachable !== false) log(`broker: cannot reach ${printable(url)} (${error.message}); retrying in the background`);
    reachable = false;
  });
  redis.connect().catch(() => undefined);
  return {
    firstConnected,
    enqueueEach: (tasks) => enqueueEach(redis, tasks, origin),
    enqueue: (tasks, placement) => (placement === 'ahead' ? enqueueExportsAhead(redis, tasks, origin) : enqueueExports(redis, tasks, origin)),
    async close() {
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 500);
      });
      // QUIT politely when connected; never wait long on a broker that is not answering.
      await Promise.race([
        redis.status === 'ready'
          ? redis.quit().then(
              () => undefined,
              () => undefined,
            )
          : Promise.resolve(),
        giveUp,
      ]);
      clearTimeout(timer);
      redis.disconnect();
    },
  };
}
