import type { AnyScenario } from '../scenario.js';
import { workerOom } from '../worker-oom/index.js';
import { baselineSchema } from './baseline.js';
import { DEFAULT_BACKLOG, DEFAULT_CUSTOMER_INTERVAL_MS, DEFAULT_WEB_PORT } from './figures.js';
import { partitionedWorkerStack } from './stack-files.js';
import { stagePartitionedWorker } from './stage.js';

/** Every container is Up and nothing is consumed: the worker lost its network. */
export const partitionedWorker: AnyScenario = {
  ...workerOom,
  id: 'partitioned-worker',
  title: 'Everything is Up, nothing is consumed',
  defaults: { backlog: DEFAULT_BACKLOG, webPort: DEFAULT_WEB_PORT, customerIntervalMs: DEFAULT_CUSTOMER_INTERVAL_MS },
  baselineSchema,
  stack: partitionedWorkerStack,
  stage: stagePartitionedWorker,
  briefing: () => [],
  upRecord: () => ({}),
};
