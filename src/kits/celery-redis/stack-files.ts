import type { StackFiles } from '../../docker/compose.js';

/**
 * The shared stack: web, redis and the Celery worker, one image, one compose file
 * (compose/celery-redis/). An outage adds its own compose file for what it changes.
 */
export const celeryRedisStack: StackFiles = {
  composeFiles: ['compose/celery-redis/docker-compose.yml'],
  dockerfile: 'compose/celery-redis/Dockerfile',
  built: [{ path: 'dist/web/server.mjs', what: 'The web service bundle' }],
};

/** The shared stack with an outage's own compose file read after it (compose/<id>/docker-compose.yml). */
export const stackWith = (outage: string): StackFiles => ({
  ...celeryRedisStack,
  composeFiles: [...celeryRedisStack.composeFiles, `compose/${outage}/docker-compose.yml`],
});
