import type { Scenario } from '../scenario.js';
import { workerOomHints } from './hints.js';
import { classifyCommand } from './rule-breaks.js';
import { workerOomSignals } from './signals.js';

/** The site is up, the Celery worker was OOM-killed, and the export backlog keeps growing. */
export const workerOom: Scenario = {
  id: 'worker-oom',
  title: 'The site is up, but nothing async works: a dead worker and a growing backlog',
  ruleBreak: classifyCommand,
  signals: workerOomSignals,
  hints: workerOomHints,
};
