import { describe } from 'vitest';
import { playthroughTest } from './playthrough-run.js';

describe('poison-loop: scripted playthrough', () => {
  playthroughTest('poison-loop');
});
