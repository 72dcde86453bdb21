import type { StackFiles } from '../../docker/compose.js';

/** The stack's files: web, redis and the Celery worker, one image, one compose file. */
export const workerOomStack: StackFiles = {
  dir: 'src/scenarios/worker-oom/stack',
  composeFile: 'docker-compose.yml',
  dockerfile: 'Dockerfile',
  built: [
    { path: 'dist/web/server.mjs', what: 'The web service bundle' },
    { path: 'dist/web/redrive.mjs', what: "The web's re-drive tool" },
  ],
};
