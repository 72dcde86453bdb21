import { describe } from 'vitest';
import { playthroughTest } from './playthrough-run.js';

describe('redis-eviction: scripted playthrough', () => {
  playthroughTest('redis-eviction');
});
