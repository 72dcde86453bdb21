import type { Scenario } from '../scenario.js';
import { briefing } from './briefing.js';
import { workerOomClassroom } from './classroom.js';
import { criterionIds, criterionTitles, judge } from './criteria/index.js';
import { workerOomHints } from './hints.js';
import { workerOomDebrief } from './debrief/index.js';
import { workerOomDemos } from './demos/index.js';
import { classifyCommand } from './rule-breaks.js';
import { workerOomSignals } from './signals.js';
import { stageWorkerOom } from './stage.js';
import { workerOomStack } from './stack-files.js';

/** The site is up, the Celery worker was OOM-killed, and the export backlog keeps growing. */
export const workerOom: Scenario = {
  id: 'worker-oom',
  title: 'The site is up, but nothing async works: a dead worker and a growing backlog',
  ruleBreak: classifyCommand,
  signals: workerOomSignals,
  hints: workerOomHints,
  stack: workerOomStack,
  publishedHttp: { container: 'web', containerPort: 8080 },
  stage: stageWorkerOom,
  briefing,
  classroom: workerOomClassroom,
  criteria: { ids: criterionIds, titles: criterionTitles, judge },
  demos: workerOomDemos,
  debrief: workerOomDebrief,
};
