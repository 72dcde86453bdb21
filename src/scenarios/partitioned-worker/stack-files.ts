import type { StackFiles } from '../../docker/compose.js';

/** The lab's stack with this outage's worker settings (compose/partitioned-worker/). */
export const partitionedWorkerStack: StackFiles = {
  dir: 'compose/partitioned-worker',
  composeFile: 'docker-compose.yml',
  dockerfile: '../../src/scenarios/worker-oom/stack/Dockerfile',
  built: [{ path: 'dist/web/server.mjs', what: 'The web service bundle' }],
};
