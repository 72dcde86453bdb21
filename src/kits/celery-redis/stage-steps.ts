import { type ComposeRun, compose, type StackFiles } from '../../docker/compose.js';
import { inspectContainer } from '../../docker/engine.js';
import { LabError } from '../../errors.js';
import type { StageContext } from '../../scenario/contract.js';
import { pollUntil } from '../../wait.js';
import { redisPortOf, withLabRedis } from './observe/lab-redis.js';
import { httpStatus, webServes } from './observe/web-api.js';

export interface StackRunOptions {
  sitePort: number;
  trafficIntervalMs: number;
  labToken: string;
  redisPassword: string;
  baseImage?: string;
}

/** What the stack's compose files read from their environment, for one lab; `extra`: what the outage's own file reads. */
export const stackRun = (stack: StackFiles, options: StackRunOptions, extra: Record<string, string> = {}): ComposeRun => ({
  stack,
  env: {
    AOL_WEB_PORT: String(options.sitePort),
    AOL_CUSTOMER_INTERVAL_MS: String(options.trafficIntervalMs),
    AOL_LAB_TOKEN: options.labToken,
    AOL_REDIS_PASSWORD: options.redisPassword,
    AOL_BASE_IMAGE: options.baseImage ?? '',
    ...extra,
  },
});

/** The steady state every outage of this stack starts from: redis answers PING, the web serves / and /dashboard. Returns redis's published port. */
export function startWebAndRedis(run: ComposeRun, lab: { sitePort: number; redisPassword: string }, step: StageContext['step']): Promise<number> {
  return step('Start redis and web; wait for PONG and HTTP 200', async (detail) => {
    await compose(['up', '--detach', '--no-deps', '--no-build', 'redis', 'web'], run, 'Starting redis and web');
    const port = redisPortOf(await inspectContainer('redis'));
    if (!port) throw new LabError('redis started but publishes no port on 127.0.0.1.', { hint: 'Look at `docker port redis`.' });
    await pollUntil(
      () => withLabRedis(lab.redisPassword, (redis) => redis.ping()),
      (pong) => pong === 'PONG',
      { what: 'redis to answer PING', timeoutMs: 20_000, intervalMs: 100 },
    );
    await pollUntil(
      () => httpStatus(lab.sitePort, '/healthz', 1000),
      (status) => status === 200,
      {
        what: `the web to answer GET /healthz on 127.0.0.1:${lab.sitePort}`,
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    await Promise.all([webServes(lab.sitePort, '/'), webServes(lab.sitePort, '/dashboard')]);
    detail(`redis on 127.0.0.1:${port}, web on 127.0.0.1:${lab.sitePort}`);
    return port;
  });
}
