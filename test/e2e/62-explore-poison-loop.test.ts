import { describe } from 'vitest';
import { exploreTest } from './explore-run.js';

describe('poison-loop: randomized learner', () => {
  exploreTest('poison-loop', '2');
});
