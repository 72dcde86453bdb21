import { redisPasswordOf } from '../../kits/celery-redis/observe/lab-redis.js';
import { LiveProbe } from '../../kits/celery-redis/observe/live-probe.js';
import type { LiveSample } from '../../kits/celery-redis/observe/live-sample.js';
import { runReferences } from '../../kits/celery-redis/observe/runs.js';
import { stackStatus } from '../../kits/celery-redis/status/port.js';
import type { StatusPort } from '../../scenario/ports.js';
import type { Baseline } from './baseline.js';

/**
 * What `status` reads: the stack's live signals, where containers Up and live consumers (Celery's
 * heartbeats) stand side by side, so "all Up, zero consumers" is what pages here.
 */
export const partitionedWorkerStatus: StatusPort<Baseline, LiveSample> = {
  ...stackStatus,
  probe: (baseline) => new LiveProbe(baseline.sitePort, redisPasswordOf(baseline), runReferences(baseline)),
};
