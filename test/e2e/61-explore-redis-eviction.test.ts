import { describe } from 'vitest';
import { exploreTest } from './explore-run.js';

describe('redis-eviction: randomized learner', () => {
  exploreTest('redis-eviction', '2');
});
