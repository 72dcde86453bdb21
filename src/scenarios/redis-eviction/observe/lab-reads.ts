import { type BrokerFacts, queueDepth, readBrokerFacts } from '../../../kits/celery-redis/broker/redis.js';
import { withLabRedis } from '../../../kits/celery-redis/observe/lab-redis.js';
import { brokerViewOf } from '../../../kits/celery-redis/observe/observe.js';
import type { BrokerView, WebView } from '../../../kits/celery-redis/observe/snapshot.js';
import { httpStatus, readLedger, WEB_READ_MS } from '../../../kits/celery-redis/observe/web-api.js';
import type { MemoryFacts } from './memory-facts.js';
import { noTouch, readMemoryFacts } from './read-memory.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Where the lab is read: the web's port and the password of its Redis (a baseline has both). */
export interface LabAddress {
  sitePort: number;
  redis: { password: string };
}

/** The queue, `unacked` and the memory facts in one connection, without touching the keys' LRU. Never throws. */
export async function observeRedis(lab: LabAddress): Promise<{ broker: BrokerView; memory?: MemoryFacts }> {
  const readAt = new Date().toISOString();
  try {
    const { facts, memory } = await withLabRedis(lab.redis.password, async (redis) => {
      await noTouch(redis);
      const facts: BrokerFacts = await readBrokerFacts(redis);
      return { facts, memory: await readMemoryFacts(redis) };
    });
    return { broker: brokerViewOf(facts, readAt), memory };
  } catch (error) {
    return { broker: { reachable: false, readAt, error: message(error) } };
  }
}

/** The web's pages and its ledger. Never throws. */
export async function observeWeb(port: number): Promise<WebView> {
  try {
    const [rootStatus, dashboardStatus, ledger] = await Promise.all([
      httpStatus(port, '/', WEB_READ_MS),
      httpStatus(port, '/dashboard', WEB_READ_MS),
      readLedger(port, WEB_READ_MS),
    ]);
    return { reachable: true, rootStatus, dashboardStatus, responses: ledger.responses, ledger: ledger.entries };
  } catch (error) {
    return { reachable: false, error: message(error) };
  }
}

/** Depth and memory in one short read (for drain samples and `status`). */
export async function readDepthAndMemory(lab: LabAddress): Promise<{ depth: number; memory: MemoryFacts }> {
  return withLabRedis(lab.redis.password, async (redis) => {
    await noTouch(redis);
    return { depth: await queueDepth(redis), memory: await readMemoryFacts(redis) };
  });
}
